import { apiErrorOf, ApiError } from '../api/api-error';
import { saveSession, type Session } from '../api/session';

interface LoginAnswer {
  accessToken: string;
  expiresIn: number;
}

/** The roles claim of our access tokens (read, not verified: the gateway verifies on every call). */
export function rolesOf(token: string): string[] {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(payload)) as { roles?: unknown };
    return Array.isArray(claims.roles) ? claims.roles.filter((role): role is string => typeof role === 'string') : [];
  } catch {
    return [];
  }
}

/** POST /auth/login; only an admin may use the console, so another user is told so rather than let in. */
export async function signIn(email: string, password: string): Promise<Session> {
  const response = await fetch('/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!response.ok) throw await apiErrorOf(response);
  const answer = (await response.json()) as LoginAnswer;
  if (!rolesOf(answer.accessToken).includes('admin')) throw new ApiError(403, 'FORBIDDEN', 'This account does not hold the admin role; the console is for operators.');
  const session = { token: answer.accessToken, email, expiresAt: Date.now() + answer.expiresIn * 1000 };
  saveSession(session);
  return session;
}
