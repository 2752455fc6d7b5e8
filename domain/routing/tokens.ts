import { segmentWords } from '../search.ts';

/**
 * Words the routing model learns from: jieba search-mode words of two characters or more, without numbers
 * (house numbers and dates say nothing about who is responsible), each once.
 */
export function routingTokens(text: string): string[] {
  const out = new Set<string>();
  for (const w of segmentWords(text)) {
    if (w.length < 2 || /^[\d.:/\-a-z]+$/i.test(w) || /[\d]/.test(w)) continue;
    out.add(w);
  }
  return [...out];
}

/** Splits a category's keywords field ("路灯,照明 亮灯") into words. */
export function keywordList(name: string, keywords: string | null): string[] {
  const parts = (keywords ?? '').split(/[\s,，、;；]+/).filter(Boolean);
  return [...new Set([name, ...parts])];
}
