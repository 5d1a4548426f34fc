import type { ErrorBody } from '../../contract/common.js';

/** A failed API call, carrying the server's stable code and its message written for people. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /**
   * Messages per form field, from `details.issues` (validation: `body.email`) or `details.field`
   * (policy checks such as weak_password). Forms show these next to the input.
   */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    const issues = this.details.issues;
    if (Array.isArray(issues)) {
      for (const issue of issues as { path?: unknown; message?: unknown }[]) {
        if (typeof issue.path !== 'string' || typeof issue.message !== 'string') continue;
        const field = issue.path.replace(/^body\./, '').split('.')[0];
        if (field && !(field in out)) out[field] = issue.message;
      }
    }
    if (typeof this.details.field === 'string') out[this.details.field] = this.message;
    return out;
  }
}

/** Turns any thrown value into a sentence a person can act on. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return 'Something went wrong. Try again.';
}

export function isApiError(err: unknown, code?: string): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code);
}

type UnauthenticatedHandler = () => void;
let onUnauthenticated: UnauthenticatedHandler = () => undefined;

/** The app registers where to go when a signed-in call answers 401 (the sign-in page). */
export function setUnauthenticatedHandler(handler: UnauthenticatedHandler): void {
  onUnauthenticated = handler;
}

interface RequestOptions {
  /**
   * Public pages ask some signed-in endpoints only to learn whether someone is signed in; a 401
   * there is an answer, not a reason to leave the page.
   */
  readonly anonymous?: boolean;
  readonly signal?: AbortSignal;
  /** A body sent as is (a CSV file) instead of JSON, with its content type. */
  readonly raw?: { readonly body: Blob | string; readonly contentType: string };
}

async function send(method: string, path: string, body: unknown, options: RequestOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = { accept };
  if (options.raw) headers['content-type'] = options.raw.contentType;
  else if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.raw ? options.raw.body : body === undefined ? null : JSON.stringify(body),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', 'Candor could not be reached. Check your connection and try again.');
  }
  if (!res.ok) {
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    const error = (json as Partial<ErrorBody> | undefined)?.error;
    const apiError = error
      ? new ApiError(res.status, error.code, error.message, error.details ?? {})
      : new ApiError(res.status, 'http_error', `The server answered with status ${res.status}. Try again in a moment.`);
    if (apiError.code === 'unauthenticated' && !options.anonymous) onUnauthenticated();
    throw apiError;
  }
  return res;
}

async function request<T>(method: string, path: string, body: unknown, options: RequestOptions): Promise<T> {
  const res = await send(method, path, body, options, 'application/json');
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  try {
    return (text ? JSON.parse(text) : undefined) as T;
  } catch {
    throw new ApiError(res.status, 'http_error', 'The server sent an answer Candor could not read. Try again in a moment.');
  }
}

/** The file name a `content-disposition: attachment; filename="…"` header suggests. */
function fileNameOf(res: Response, fallback: string): string {
  const match = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '');
  return match?.[1] ?? fallback;
}

/** A small typed client for Candor's JSON API; cookies carry the session, so there is no token here. */
export const api = {
  get: <T>(path: string, options: RequestOptions = {}) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body: unknown = {}, options: RequestOptions = {}) => request<T>('POST', path, body, options),
  put: <T>(path: string, body: unknown, options: RequestOptions = {}) => request<T>('PUT', path, body, options),
  patch: <T>(path: string, body: unknown, options: RequestOptions = {}) => request<T>('PATCH', path, body, options),
  delete: <T = void>(path: string, options: RequestOptions = {}) => request<T>('DELETE', path, undefined, options),
  /** A POST whose answer is a file (a CSV export) rather than JSON. */
  download: async (path: string, body: unknown, fallbackName: string): Promise<{ blob: Blob; fileName: string }> => {
    const res = await send('POST', path, body, {}, '*/*');
    return { blob: await res.blob(), fileName: fileNameOf(res, fallbackName) };
  },
};

/** Builds `path?a=1&b=2`, leaving out empty values. */
export function withQuery(path: string, query: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
