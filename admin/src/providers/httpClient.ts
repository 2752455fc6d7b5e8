import { fetchUtils, HttpError } from 'react-admin';
import { toHttpError } from './apiError.ts';
import { getToken } from './session.ts';

export const API_URL = '/api';

/** fetchJson with the bearer token and Chinese errors; every request of the console goes through it. */
export async function httpClient(url: string, options: fetchUtils.Options = {}) {
  const headers = new Headers(options.headers ?? { Accept: 'application/json' });
  const token = getToken();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  let res: Awaited<ReturnType<typeof fetchUtils.fetchJson>>;
  try {
    res = await fetchUtils.fetchJson(url, { ...options, headers });
  } catch (err) {
    throw toHttpError(err);
  }
  // An API route that does not exist (yet) must not pass for an empty list via the console's HTML fallback.
  const type = res.headers.get('content-type') ?? '';
  if (res.body && !type.includes('json')) {
    throw new HttpError(`接口尚未提供：${options.method ?? 'GET'} ${url.split('?')[0]}`, 404, {});
  }
  return res;
}

/** JSON call to a non-CRUD endpoint (actions like sign, dispatch, deadline calculator). */
export async function apiCall<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await httpClient(`${API_URL}${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json as T;
}
