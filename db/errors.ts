/**
 * The SQLSTATE and message of a PostgreSQL error, on the error itself or on one it wraps: drizzle wraps the
 * driver's error (postgres.js or PGlite), and callers may wrap again. Null for anything else.
 */
export function postgresErrorOf(err: unknown): { code: string; message: string } | null {
  let e: unknown = err;
  for (let i = 0; i < 3 && e; i++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return { code, message: String(message ?? '') };
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}
