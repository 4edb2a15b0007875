import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { whenUnauthenticated } from '../api/http';
import { clearSession, readSession, type Session } from '../api/session';

interface SessionValue {
  session: Session | null;
  signedIn(session: Session): void;
  signOut(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(() => readSession());
  const signOut = useCallback(() => {
    clearSession();
    setSession(null);
  }, []);
  // A 401 anywhere (expired token) ends the session: the user signs in again and lands where they were.
  useEffect(() => whenUnauthenticated(() => setSession(null)), []);
  const value = useMemo(() => ({ session, signedIn: setSession, signOut }), [session, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession needs a SessionProvider');
  return value;
}
