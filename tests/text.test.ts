import { describe, expect, it } from 'vitest';
import { nulPaths, stripNul } from '../domain/text.ts';

describe('U+0000 in input', () => {
  it('names every string and key that holds it, nested in objects and arrays', () => {
    expect(
      nulPaths({
        title: 'ok',
        content: 'a\u0000b',
        extra: { tags: ['x', 'y\u0000'], 'k\u0000': 1, at: new Date(0) },
      }),
    ).toEqual(['content', 'extra.tags.1', 'extra.k']);
    expect(nulPaths('\u0000')).toEqual(['(body)']);
    expect(nulPaths({ n: 1, b: true, none: null, list: [] })).toEqual([]);
  });

  it('strips it from relayed text and leaves other text as it is', () => {
    expect(stripNul('路灯\u0000坏了\u0000')).toBe('路灯坏了');
    const plain = '路灯坏了';
    expect(stripNul(plain)).toBe(plain);
  });
});
