import { apiErrorOf, ApiError } from './api-error';
import { clearSession, readSession } from './session';

/** Called when the gateway says the token is no longer good: the app goes back to sign-in. */
let onUnauthenticated: () => void = () => undefined;
export const whenUnauthenticated = (handler: () => void): void => {
  onUnauthenticated = handler;
};

/** The token was refused (expired): forget it and go back to sign-in. */
export function signalUnauthenticated(): void {
  clearSession();
  onUnauthenticated();
}

export function authHeaders(): Record<string, string> {
  const session = readSession();
  return session ? { authorization: `Bearer ${session.token}` } : {};
}

/** A JSON request to the gateway (same origin), with the session's token. */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { ...authHeaders(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, 'NETWORK', `The gateway does not answer (${(error as Error).message})`);
  }
  if (response.status === 401) signalUnauthenticated();
  if (!response.ok) throw await apiErrorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const get = <T>(path: string): Promise<T> => request<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}): Promise<T> => request<T>('POST', path, body);

/** Encodes one path segment (stream ids, names and ids may hold any character the store accepts). */
export const seg = (value: string): string => encodeURIComponent(value);

export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
