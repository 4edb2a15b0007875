import { CliError } from './cli-error';

export interface ConnectionOptions {
  url: string;
  token?: string;
  email?: string;
  password?: string;
}

interface Problem {
  title?: string;
  detail?: string;
  code?: string;
  status?: number;
}

/** The gateway's API as the CLI uses it: signs in once (token, or email + password), problem+json becomes a CliError. */
export class AdminClient {
  private token: string | undefined;

  constructor(private readonly options: ConnectionOptions) {
    this.token = options.token;
  }

  get baseUrl(): string {
    return this.options.url.replace(/\/+$/, '');
  }

  async authorization(): Promise<string> {
    if (this.token) return `Bearer ${this.token}`;
    const { email, password } = this.options;
    if (!email || !password) throw new CliError('Not signed in: pass --token (CHRONICLE_TOKEN) or --email and --password (CHRONICLE_EMAIL / CHRONICLE_PASSWORD)', 2);
    const login = await this.send<{ accessToken: string }>('POST', '/auth/login', { email, password }, false);
    this.token = login.accessToken;
    return `Bearer ${this.token}`;
  }

  get<T>(path: string): Promise<T> {
    return this.send<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.send<T>('POST', path, body ?? {});
  }

  /** The response itself (for streams: the live feed). */
  async raw(path: string, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
    const response = await this.fetch(path, { headers: { authorization: await this.authorization(), ...headers }, signal });
    if (!response.ok) throw await this.failure(response);
    return response;
  }

  private async send<T>(method: string, path: string, body?: unknown, auth = true): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (auth) headers['authorization'] = await this.authorization();
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await this.fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!response.ok) throw await this.failure(response);
    return (await response.json()) as T;
  }

  private async fetch(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${this.baseUrl}${path}`, init);
    } catch (error) {
      throw new CliError(`Cannot reach the gateway at ${this.baseUrl}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message} (set --url or CHRONICLE_URL)`);
    }
  }

  private async failure(response: Response): Promise<CliError> {
    const text = await response.text();
    let problem: Problem = {};
    try {
      problem = JSON.parse(text) as Problem;
    } catch {
      // not problem+json
    }
    const what = problem.detail ?? problem.title ?? (text.slice(0, 200) || response.statusText);
    return new CliError(`${response.status}${problem.code ? ` ${problem.code}` : ''}: ${what}`);
  }
}
