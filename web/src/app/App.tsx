/** The app: the login form until there is a session, then the panels. Any 401 ends the session, but a refused login (it had none). */
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Router } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { ApiError } from '../api/client';
import { SessionProvider, useSession } from '../api/session';
import { ApplyProvider } from './apply-context';
import { ChangePassword } from './ChangePassword';
import { Login } from './Login';
import { Shell } from './Shell';

const SESSION_ENDED = 'Your session has ended: log in again.';

function Gate() {
  const { session, logout } = useSession();
  const [client] = useState(() => {
    const onError = (e: unknown) => {
      if (e instanceof ApiError && e.status === 401) logout(SESSION_ENDED);
    };
    return new QueryClient({
      queryCache: new QueryCache({ onError }),
      mutationCache: new MutationCache({ onError: (e, _v, _r, mutation) => (mutation.meta?.loginAttempt ? undefined : onError(e)) }),
      // 4xx answers do not get better by asking again
      defaultOptions: { queries: { retry: (n, e) => !(e instanceof ApiError && e.status >= 400 && e.status < 500) && n < 2, refetchOnWindowFocus: false } },
    });
  });
  // a new login starts from nothing the previous session read
  useEffect(() => {
    if (!session) client.clear();
  }, [session, client]);
  return (
    <QueryClientProvider client={client}>
      {session?.mustChangePassword ? (
        <ChangePassword username={session.username} />
      ) : session ? (
        <ApplyProvider>
          <Router hook={useHashLocation}>
            <Shell />
          </Router>
        </ApplyProvider>
      ) : (
        <Login />
      )}
    </QueryClientProvider>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Gate />
    </SessionProvider>
  );
}
