import type { MiddlewareHandler } from 'hono';
import { bodyLimit as streamingBodyLimit } from 'hono/body-limit';
import { AppError } from '../../services/errors.ts';

/**
 * Refuses bodies over `maxBytes` with 413 `payload_too_large`.
 *
 * hono's own bodyLimit first reads `c.req.raw.body`, which makes @hono/node-server build a full web
 * `Request` (headers copied, the socket wrapped in a web stream) for every request, and that disables the
 * adapter's direct body read. A request that declares its length is judged by the header alone; only one
 * without it (chunked) goes through hono's counting stream.
 */
export function bodyLimit(maxBytes: number): MiddlewareHandler {
  const onError = () => {
    throw new AppError('payload_too_large', `请求体超过 ${maxBytes / 1024} KB 上限`);
  };
  const streaming = streamingBodyLimit({ maxSize: maxBytes, onError });
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number.parseInt(length, 10) > maxBytes) onError();
      return next();
    }
    return streaming(c, next);
  };
}
