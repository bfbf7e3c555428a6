/** HTTP for verify: every failure becomes an HttpFailure with one line naming the URL and what went wrong. */

/** A request that did not yield the expected JSON: unreachable, an error status, or a body that is not JSON. */
export class HttpFailure extends Error {
  constructor(readonly url: string, readonly reason: string, readonly status?: number) {
    super(`${url}: ${reason}`);
    this.name = 'HttpFailure';
  }
}

/** Options of one request. */
export interface RequestOptions {
  /** @default 'GET' */
  readonly method?: 'GET' | 'POST';
  /** JSON request body. @default - none */
  readonly json?: unknown;
  /** Basic-auth user and password. @default - none */
  readonly basicAuth?: { readonly user: string; readonly password: string };
  /** Per-request timeout. @default 5000 */
  readonly timeoutMs?: number;
}

/** The response's JSON body; an HttpFailure for anything else. A 404 is returned as `undefined` ("not there yet"). */
export async function fetchJson(url: string, options: RequestOptions = {}): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  if (options.basicAuth) headers.authorization = `Basic ${Buffer.from(`${options.basicAuth.user}:${options.basicAuth.password}`).toString('base64')}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? (options.json === undefined ? 'GET' : 'POST'),
      headers,
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
  } catch (error) {
    throw new HttpFailure(url, `unreachable (${causeOf(error)})`);
  }
  const text = await response.text().catch(() => '');
  if (response.status === 404) return undefined;
  if (response.status === 401 || response.status === 403) throw new HttpFailure(url, `HTTP ${response.status}: credentials refused`, response.status);
  if (!response.ok) throw new HttpFailure(url, `HTTP ${response.status} ${oneLine(text)}`, response.status);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpFailure(url, `answered something that is not JSON: ${oneLine(text)}`, response.status);
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if ((error as Error).name === 'TimeoutError') return 'timed out';
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/** The first 120 characters of a body, on one line. */
export function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}
