/** The one error type every layer throws; api/errors.ts maps its code to an HTTP status. */
export const ERROR_STATUS = {
  bad_request: 400,
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { fields?: FieldError[]; [k: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what}不存在`);
export const forbidden = (message = '无权执行此操作') => new AppError('forbidden', message);
export const conflict = (message: string, details: Record<string, unknown> = {}) =>
  new AppError('conflict', message, details);
export const badRequest = (message: string, fields?: FieldError[]) => new AppError('bad_request', message, { fields });
