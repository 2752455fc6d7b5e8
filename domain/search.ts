import { createRequire } from 'node:module';
import type { Jieba as JiebaType } from '@node-rs/jieba';

// @node-rs/jieba is CommonJS; its dictionary is a separate deep import.
const require = createRequire(import.meta.url);
let jieba: JiebaType | undefined;

function segmenter(): JiebaType {
  if (!jieba) {
    const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict.js') as { dict: Uint8Array };
    jieba = Jieba.withDict(dict);
  }
  return jieba;
}

const PUNCT = /^[\s\p{P}\p{S}]+$/u;
// Single characters that carry no meaning on their own in a hotline complaint.
const STOP = new Set([
  '的',
  '了',
  '是',
  '在',
  '我',
  '有',
  '和',
  '就',
  '不',
  '人',
  '都',
  '也',
  '很',
  '到',
  '说',
  '要',
  '去',
  '你',
  '会',
  '着',
  '没有',
  '看',
  '好',
  '这',
  '那',
  '吗',
  '呢',
  '啊',
  '吧',
]);

/** Words of a text for indexing and matching: search-mode segmentation, lower-cased, punctuation and stop words out. */
export function segmentWords(text: string): string[] {
  if (!text) return [];
  const words = segmenter().cutForSearch(text, true);
  const out: string[] = [];
  for (const w of words) {
    const t = w.trim().toLowerCase();
    if (!t || PUNCT.test(t) || STOP.has(t)) continue;
    out.push(t);
  }
  return out;
}

/** Space-joined words stored in tickets.search_text; PostgreSQL's 'simple' parser turns it into a tsvector. */
export function searchTextOf(...parts: Array<string | null | undefined>): string {
  return segmentWords(parts.filter(Boolean).join(' ')).join(' ');
}

/**
 * A tsquery ANDing the words of what the user typed. Words are quoted so no user input can break the
 * tsquery syntax. Returns null when nothing searchable remains.
 */
export function tsQueryOf(q: string): string | null {
  const words = Array.from(
    new Set(
      segmenter()
        .cut(q, true)
        .map((w) => w.trim().toLowerCase()),
    ),
  )
    .filter((w) => w && !PUNCT.test(w) && !STOP.has(w))
    .map((w) => `'${w.replace(/'/g, "''").replace(/\\/g, '\\\\')}'`);
  return words.length ? words.join(' & ') : null;
}
