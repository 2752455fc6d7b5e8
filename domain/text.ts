/**
 * PostgreSQL's text and jsonb cannot hold U+0000: a string carrying one fails the statement it is in. Input
 * from our own clients is refused with the field named (nulPaths); text relayed by a third party (an SMS, an
 * e-mail) is kept without it (stripNul), since refusing it would lose the citizen's message.
 */
const NUL = '\u0000';

export function stripNul(text: string): string {
  return text.includes(NUL) ? text.replaceAll(NUL, '') : text;
}

/** The paths (`a.b.0`) of every string, and every object key, in `value` that contains U+0000. */
export function nulPaths(value: unknown, path: string[] = []): string[] {
  if (typeof value === 'string') return value.includes(NUL) ? [path.join('.') || '(body)'] : [];
  if (value === null || typeof value !== 'object' || value instanceof Date) return [];
  const out: string[] = [];
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((v, i): [string, unknown] => [String(i), v])
    : Object.entries(value);
  for (const [key, v] of entries) {
    if (key.includes(NUL)) out.push([...path, stripNul(key)].join('.'));
    else out.push(...nulPaths(v, [...path, key]));
  }
  return out;
}

/** The message shown under a field that contains U+0000. */
export const NUL_MESSAGE = '不能包含空字符（U+0000）';
