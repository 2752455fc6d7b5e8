import { segmentWords } from '../search.ts';
import { jaccard } from './similarity.ts';

export const CLUSTER_WINDOW_HOURS = 24;
/** Address word-set Jaccard from which two reports are about the same place. */
export const PLACE_MIN_SIMILARITY = 0.6;

// Words citizens add around a place that do not change which place it is.
const FILLER = new Set([
  '附近',
  '旁边',
  '旁',
  '门口',
  '对面',
  '这里',
  '那里',
  '楼下',
  '一带',
  '周边',
  '路口',
  '处',
  '边上',
]);

export function placeWords(address: string | null | undefined): Set<string> {
  return new Set(segmentWords(address ?? '').filter((w) => !FILLER.has(w)));
}

/** Compact form of an address: no spaces or punctuation, for exact comparison and display. */
export function placeKey(address: string | null | undefined): string | null {
  const key = (address ?? '').replace(/[\s\p{P}\p{S}]/gu, '').toLowerCase();
  return key || null;
}

export function samePlace(a: string | null | undefined, b: string | null | undefined): boolean {
  const ka = placeKey(a);
  const kb = placeKey(b);
  if (!ka || !kb) return false;
  if (ka === kb) return true;
  return jaccard(placeWords(a), placeWords(b)) >= PLACE_MIN_SIMILARITY;
}

export interface ClusterSubject {
  id: number;
  contactId: number | null;
  categoryId: number | null;
  address: string | null;
  createdAt: Date;
}

export interface ClusterPeer extends ClusterSubject {
  clusterId: number | null;
}

/**
 * Reports from other citizens about the same place in the same category within the window: candidates
 * for one cluster (群体件/并案). The same citizen twice is a repeat, not a cluster.
 */
export function clusterPeers(
  subject: ClusterSubject,
  recent: readonly ClusterPeer[],
  windowHours = CLUSTER_WINDOW_HOURS,
): ClusterPeer[] {
  if (subject.categoryId === null || !placeKey(subject.address)) return [];
  const windowMs = windowHours * 3_600_000;
  return recent.filter(
    (p) =>
      p.id !== subject.id &&
      p.categoryId === subject.categoryId &&
      (subject.contactId === null || p.contactId !== subject.contactId) &&
      Math.abs(subject.createdAt.getTime() - p.createdAt.getTime()) <= windowMs &&
      samePlace(subject.address, p.address),
  );
}
