import { segmentWords } from '../search.ts';

/** Distinct jieba words of a text (search-mode segmentation, stop words and punctuation out). */
export function wordSet(text: string | null | undefined): Set<string> {
  return new Set(segmentWords(text ?? ''));
}

/** |A ∩ B| / |A ∪ B|; two empty sets are not similar (nothing to compare). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let inter = 0;
  for (const w of small) if (large.has(w)) inter++;
  return inter / (a.size + b.size - inter);
}

export function textSimilarity(a: string | null | undefined, b: string | null | undefined): number {
  return jaccard(wordSet(a), wordSet(b));
}
