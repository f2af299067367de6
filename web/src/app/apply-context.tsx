/** The last apply task started from this tab, so the overview and the apply page both follow it. */
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

interface ApplyState {
  readonly upid: string | null;
  setUpid(upid: string | null): void;
}

const Context = createContext<ApplyState | null>(null);

export function ApplyProvider({ children }: { readonly children: ReactNode }) {
  const [upid, setUpid] = useState<string | null>(null);
  const value = useMemo(() => ({ upid, setUpid }), [upid]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useLastApply(): ApplyState {
  const c = useContext(Context);
  if (!c) throw new Error('useLastApply outside ApplyProvider');
  return c;
}
