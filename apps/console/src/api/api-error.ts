/** A problem+json answer (RFC 9457) of the gateway, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

interface ProblemBody {
  title?: string;
  detail?: string;
  code?: string;
}

export async function apiErrorOf(response: Response): Promise<ApiError> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    // not JSON: keep the text
  }
  const problem = (typeof body === 'object' && body !== null ? body : {}) as ProblemBody;
  const message = problem.detail ?? problem.title ?? `${response.status} ${response.statusText}`;
  return new ApiError(response.status, problem.code ?? `HTTP_${response.status}`, message, body);
}
