import { HttpError } from 'react-admin';

/** The API's error body: `{error:{code,message,fields,requestId}}` (api/errors.ts). */
interface ApiErrorBody {
  error?: { code?: string; message?: string; fields?: Array<{ path: string; message: string }>; requestId?: string };
}

const STATUS_TEXT: Record<number, string> = {
  0: '无法连接服务器，请检查网络后重试',
  400: '输入有误',
  401: '请先登录',
  403: '无权执行此操作',
  404: '记录不存在',
  409: '状态冲突，请刷新后重试',
  413: '内容过大',
  429: '操作过于频繁，请稍后再试',
  500: '服务器内部错误，请稍后重试',
  502: '服务器暂时不可用',
  503: '服务器暂时不可用',
};

/** `filter.status` → `status`; `contact.phone` stays nested as react-hook-form expects. */
function fieldName(path: string): string {
  return path.replace(/^(body|filter)\./, '');
}

/**
 * Turns any failure into an HttpError whose message is the API's Chinese message and whose
 * `body.errors` carries one entry per field, so react-admin forms show them under the inputs
 * (and `root.serverError` as the form-level notification).
 */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) {
    const body = (err.body ?? {}) as ApiErrorBody;
    const api = body.error;
    const fields = api?.fields ?? [];
    // The API names each field for machine clients (「输入有误：publicText 请填写…」); here every message also
    // shows under its input, so the notice keeps the Chinese words and drops the field names.
    const said = fields.reduce((m, f) => m.replace(`${f.path} ${f.message}`, f.message), api?.message ?? '');
    const message = said || STATUS_TEXT[err.status] || `请求失败（${err.status}）`;
    const errors: Record<string, unknown> = {};
    for (const f of fields) errors[fieldName(f.path)] = f.message;
    const withErrors = fields.length > 0 ? { ...body, errors: { ...errors, root: { serverError: message } } } : body;
    return new HttpError(message, err.status, withErrors);
  }
  if (err instanceof Error && err.name === 'AbortError') throw err;
  return new HttpError(STATUS_TEXT[0] ?? '网络错误', 0, {});
}
