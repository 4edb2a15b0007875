/**
 * The access token lives in sessionStorage: it is this tab's only, gone when the tab closes,
 * and a reload keeps it (deep links work after a reload).
 */
const KEY = 'chronicle.console.session';

export interface Session {
  token: string;
  email: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export function readSession(): Session | null {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  try {
    const session = JSON.parse(raw) as Session;
    return session.expiresAt > Date.now() ? session : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
