import { jaccard, wordSet } from './similarity.ts';

export const REPEAT_WINDOW_DAYS = 30;
/** Word-set Jaccard above which two texts from one citizen in one category are the same matter. */
export const REPEAT_MIN_SIMILARITY = 0.3;

export interface RepeatSubject {
  id: number;
  contactId: number | null;
  categoryId: number | null;
  title: string;
  content: string;
  createdAt: Date;
}

export interface RepeatPrior extends RepeatSubject {
  repeatOfId: number | null;
}

export interface RepeatMatch {
  /** The first ticket of the matter: a repeat of a repeat links to the root. */
  originalId: number;
  matchedId: number;
  similarity: number;
}

const matterText = (t: { title: string; content: string }) => `${t.title} ${t.content}`;

/**
 * 重复件: the same contact, the same category (both unclassified counts as the same), similar content,
 * within the window before the new ticket. The most similar earlier ticket wins; ties go to the older one.
 */
export function findRepeatOf(
  subject: RepeatSubject,
  priors: readonly RepeatPrior[],
  opts: { windowDays?: number; minSimilarity?: number } = {},
): RepeatMatch | null {
  if (subject.contactId === null) return null;
  const windowMs = (opts.windowDays ?? REPEAT_WINDOW_DAYS) * 86_400_000;
  const min = opts.minSimilarity ?? REPEAT_MIN_SIMILARITY;
  // Segmenting is the costly part: only once a prior passes the cheap filters.
  let words: Set<string> | null = null;
  let best: RepeatMatch | null = null;
  let bestAt = 0;
  for (const p of priors) {
    if (p.id === subject.id || p.contactId !== subject.contactId) continue;
    if ((p.categoryId ?? null) !== (subject.categoryId ?? null)) continue;
    const age = subject.createdAt.getTime() - p.createdAt.getTime();
    if (age < 0 || age > windowMs) continue;
    words ??= wordSet(matterText(subject));
    const similarity = jaccard(words, wordSet(matterText(p)));
    if (similarity < min) continue;
    const at = p.createdAt.getTime();
    if (!best || similarity > best.similarity || (similarity === best.similarity && at < bestAt)) {
      best = { originalId: p.repeatOfId ?? p.id, matchedId: p.id, similarity };
      bestAt = at;
    }
  }
  return best;
}
