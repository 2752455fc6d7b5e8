import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ZodError, z as zod } from 'zod';
import { postgresErrorOf } from '../db/errors.ts';
import { NUL_MESSAGE, nulPaths } from '../domain/text.ts';
import { AppError, ERROR_STATUS, type FieldError } from '../services/errors.ts';
import type { AppEnv } from './env.ts';

// Validation messages reach hotline staff and citizens: in Chinese.
zod.config(zod.locales.zhCN());

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      requestId: z.string().optional(),
    }),
  })
  .openapi('Error');

const errorContent = (description: string) => ({
  description,
  content: { 'application/json': { schema: errorSchema } },
});

/** Spread into every route's responses so the OpenAPI document lists the shared failures. */
export const errorResponses = {
  400: errorContent('输入有误（fields 指出字段）'),
  401: errorContent('未登录或登录已过期'),
  403: errorContent('无权访问'),
  404: errorContent('不存在'),
  409: errorContent('状态冲突'),
} as const;

export function fieldErrors(err: ZodError): FieldError[] {
  return err.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
}

/**
 * What is wrong with an input, from its zod result: the schema's complaints, or for input the schema
 * accepted, the strings PostgreSQL would still refuse (U+0000, domain/text.ts). Empty when it is good.
 */
export function inputFieldErrors(result: { success: true; data: unknown } | { success: false; error: ZodError }) {
  if (!result.success) return fieldErrors(result.error);
  return nulPaths(result.data).map((path): FieldError => ({ path, message: NUL_MESSAGE }));
}

/** The 400 message listing `fields`. */
export function invalidInputMessage(fields: FieldError[]): string {
  return `输入有误：${fields.map((f) => `${f.path} ${f.message}`).join('；')}`;
}

function body(code: string, message: string, requestId: string | undefined, extra: Record<string, unknown> = {}) {
  return { error: { code, message, ...extra, requestId } };
}

/** zod-openapi default hook: every validation failure becomes the same 400 naming the fields. */
export function validationHook(
  result: { success: true; data: unknown } | { success: false; error: ZodError },
  c: Context<AppEnv>,
) {
  const fields = inputFieldErrors(result);
  if (fields.length)
    return c.json(body('validation', invalidInputMessage(fields), c.get('requestId'), { fields }), 400);
}

/**
 * PostgreSQL errors that only a value sent by the caller can cause here (an id past the integer column's
 * range, say): the validation above each route lets some through, and they are the caller's to fix, not a
 * 500. By SQLSTATE, the words shown for them.
 */
const INPUT_DATA_ERRORS: Record<string, string> = {
  '22001': '文字超出长度上限',
  '22003': '数值超出范围',
  '22007': '日期时间格式不正确',
  '22008': '日期时间超出范围',
  '22021': '含有无法存储的字符',
  '22P02': '格式不正确',
  '22P05': '含有无法存储的字符',
};

/** Where the request carried `value`: path parameters, query and JSON body, as field paths. */
async function fieldsHolding(c: Context<AppEnv>, value: string): Promise<string[]> {
  const found: string[] = [];
  const search = (v: unknown, path: string[]) => {
    if (typeof v === 'string' || typeof v === 'number') {
      if (String(v) === value) found.push(path.join('.'));
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) search(x, [...path, k]);
    }
  };
  search(c.req.param(), []);
  search(c.req.query(), []);
  if ((c.req.header('content-type') ?? '').includes('json')) {
    search(await c.req.json().catch(() => null), []);
  }
  return found;
}

export async function onError(err: Error, c: Context<AppEnv>) {
  const requestId = c.get('requestId');
  const pg = err instanceof AppError ? null : postgresErrorOf(err);
  const problem = pg ? INPUT_DATA_ERRORS[pg.code] : undefined;
  if (pg && problem) {
    const value = /"([^"]*)"/.exec(pg.message)?.[1];
    const fields = (value === undefined ? [] : await fieldsHolding(c, value)).map((path) => ({
      path,
      message: problem,
    }));
    c.get('deps')?.logger.warn({ err, requestId, path: c.req.path }, 'input refused by the database');
    return fields.length
      ? c.json(body('validation', invalidInputMessage(fields), requestId, { fields }), 400)
      : c.json(body('bad_request', `输入有误：${problem}`, requestId), 400);
  }
  if (err instanceof AppError) {
    const status = ERROR_STATUS[err.code] as ContentfulStatusCode;
    return c.json(body(err.code, err.message, requestId, err.details), status);
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code = status === 413 ? 'payload_too_large' : status === 401 ? 'unauthorized' : 'bad_request';
    const message =
      status === 413
        ? '请求体过大'
        : err.message.includes('JSON')
          ? '请求体不是合法的 JSON'
          : err.message || '请求有误';
    return c.json(body(code, message, requestId), status);
  }
  if (err instanceof SyntaxError) return c.json(body('bad_request', '请求体不是合法的 JSON', requestId), 400);
  try {
    c.get('deps')?.logger.error({ err, requestId, path: c.req.path }, 'unhandled error');
  } catch {
    // logging must never turn a 500 into a crash
  }
  return c.json(body('internal', '服务器内部错误，请稍后重试', requestId), 500);
}
