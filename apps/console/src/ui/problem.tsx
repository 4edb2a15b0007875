import { isApiError } from '../api/api-error';

/** What went wrong, as the gateway said it (its problem+json detail and code). */
export function Problem({ error, what }: { error: unknown; what?: string }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const code = isApiError(error) ? error.code : undefined;
  return (
    <p role="alert" className="error">
      {what ? `${what}: ` : ''}
      {message}
      {code && <code className="error__code">{code}</code>}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}
