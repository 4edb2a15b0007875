/** A response as the tests look at it: status, headers, and the body parsed when it is JSON. */
export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as is (not JSON-encoded). */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** A thin client over Node's fetch for the gateway's REST and GraphQL endpoints. */
export class GatewayClient {
  constructor(readonly url: string) {}

  async request<T = Record<string, unknown>>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.url}${path}`, { method, headers, body });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    const parsed = text && type.includes('json') ? (JSON.parse(text) as T) : (text as unknown as T);
    return { status: response.status, headers: response.headers, body: parsed, text };
  }

  async login(email: string, password: string): Promise<string> {
    const response = await this.request<{ accessToken: string }>('POST', '/auth/login', { body: { email, password } });
    if (response.status !== 200) throw new Error(`login failed: ${response.status} ${response.text}`);
    return response.body.accessToken;
  }

  graphql<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, token?: string) {
    return this.request<{ data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> }>('POST', '/graphql', { token, body: { query, variables } });
  }
}
