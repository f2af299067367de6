/**
 * The login session: `POST /access/ticket` sets the ticket cookie, which is
 * HttpOnly (no script reads it); the CSRF token and the user name come from
 * the login answer and are kept for this browser tab (sessionStorage), so a
 * reload stays logged in. The ticket of the answer is held in memory only
 * and renewed while the page stays open (a valid ticket given as the
 * password gives a new one, as the reference's UI does); after a reload the
 * session lasts until the cookie's ticket expires. Any 401 ends it; logging
 * out asks the server to drop the cookie. A user with second factors gets
 * a challenge instead of a ticket: the login waits for the TOTP code or a
 * recovery key (`secondFactor`), sent with the challenge's ticket.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setCsrfToken } from './client';
import type { LoginAnswer } from './types';

const STORAGE_KEY = 'weft-session';
/** tickets last two hours; renew well before */
const RENEW_MS = 15 * 60 * 1000;

/** the last login answer's ticket, for renewals; never stored */
let currentTicket: string | null = null;
/** the TFA ticket of a login waiting for its second factor; never stored */
let challengeTicket: string | null = null;

/** What the person typed as the second factor, as the server takes it: digits are a TOTP code, anything else a recovery key. */
const secondFactorAnswer = (typed: string): string => {
  const t = typed.trim();
  return /^\d+$/.test(t) ? `totp:${t}` : `recovery:${t.toLowerCase()}`;
};

/** `meta` of the login form's calls: their 401 is a wrong password, not an ended session */
export const LOGIN_ATTEMPT = { loginAttempt: true } as const;

export interface Session {
  readonly username: string;
  readonly csrf: string;
  /** the password is the first start's one-time password: a new one comes first */
  readonly mustChangePassword?: boolean;
}

interface SessionContext {
  readonly session: Session | null;
  /** why the last session ended, shown on the login form */
  readonly ended: string | null;
  /** the user whose login waits for the second factor */
  readonly secondFactor: string | null;
  login(username: string, password: string, realm?: string): Promise<void>;
  answerSecondFactor(typed: string): Promise<void>;
  /** back to the password form */
  cancelSecondFactor(): void;
  /** the one-time password was replaced */
  passwordChanged(): void;
  logout(reason?: string): void;
}

function loadSession(): Session | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Session | null;
    return s && typeof s.username === 'string' && typeof s.csrf === 'string' ? s : null;
  } catch {
    return null;
  }
}

const Context = createContext<SessionContext | null>(null);

export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(() => {
    const s = loadSession();
    setCsrfToken(s?.csrf ?? null);
    return s;
  });
  const [ended, setEnded] = useState<string | null>(null);

  const [secondFactor, setSecondFactor] = useState<string | null>(null);

  const keep = useCallback((s: Session) => {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(s));
    setSession(s);
  }, []);

  const start = useCallback((answer: LoginAnswer) => {
    challengeTicket = null;
    setSecondFactor(null);
    currentTicket = answer.ticket;
    const s: Session = { username: answer.username, csrf: answer.CSRFPreventionToken, ...(answer.NeedPasswordChange === 1 ? { mustChangePassword: true } : {}) };
    keep(s);
    setCsrfToken(s.csrf);
    setEnded(null);
  }, [keep]);

  const passwordChanged = useCallback(() => {
    setSession((s) => {
      if (!s) return s;
      const next = { username: s.username, csrf: s.csrf };
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      return next;
    });
  }, []);

  const login = useCallback(
    async (username: string, password: string, realm?: string) => {
      const answer = await api.post<LoginAnswer>('/access/ticket', { username, password, realm });
      if (answer.NeedTFA !== 1) return start(answer);
      challengeTicket = answer.ticket;
      setSecondFactor(answer.username);
    },
    [start],
  );

  const answerSecondFactor = useCallback(
    async (typed: string) => {
      if (!secondFactor || !challengeTicket) return;
      start(await api.post<LoginAnswer>('/access/ticket', { username: secondFactor, 'tfa-challenge': challengeTicket, password: secondFactorAnswer(typed) }));
    },
    [secondFactor, start],
  );

  const cancelSecondFactor = useCallback(() => {
    challengeTicket = null;
    setSecondFactor(null);
  }, []);

  const logout = useCallback((reason?: string) => {
    sessionStorage.removeItem(STORAGE_KEY);
    currentTicket = null;
    // the server expires the cookie; if it cannot be reached, the ticket expires on its own
    api.delete('/access/ticket').catch(() => undefined);
    setCsrfToken(null);
    setEnded(reason ?? null);
    setSession(null);
  }, []);

  useEffect(() => {
    if (!session) return;
    const timer = setInterval(() => {
      const ticket = currentTicket;
      // a failed renewal is not fatal: the next call's 401 ends the session
      if (ticket) login(session.username, ticket).catch(() => undefined);
    }, RENEW_MS);
    return () => clearInterval(timer);
  }, [session, login]);

  const value = useMemo(
    () => ({ session, ended, secondFactor, login, answerSecondFactor, cancelSecondFactor, passwordChanged, logout }),
    [session, ended, secondFactor, login, answerSecondFactor, cancelSecondFactor, passwordChanged, logout],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useSession(): SessionContext {
  const c = useContext(Context);
  if (!c) throw new Error('useSession outside SessionProvider');
  return c;
}
