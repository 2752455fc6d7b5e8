import { and, eq, gte, isNotNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { windowReviews } from '../../db/schema/index.ts';
import { endOfNthWorkingDay } from '../../domain/calendar/index.ts';
import { isBadReview, type ReviewRating, reviewStats } from '../../domain/followup/reviews.ts';
import { AppError, conflict, notFound } from '../errors.ts';
import { centreCalendar } from './calendar.ts';
import { loadFollowupSettings } from './settings.ts';

export type WindowReview = typeof windowReviews.$inferSelect;

export interface NewReview {
  hall: string;
  windowName?: string | null;
  matter?: string | null;
  unitId?: number | null;
  rating: ReviewRating;
  comment?: string | null;
  windowReportId?: number | null;
  ticketId?: number | null;
  contactId?: number | null;
  reviewedAt?: Date;
}

/**
 * Records a review. A bad one (不满意/非常不满意) opens with two deadlines in working days: revisit the
 * citizen, and fix the cause; a good one is closed at once.
 */
export async function createReview(db: Executor, input: NewReview, actorId: number | null, now: Date) {
  const settings = await loadFollowupSettings(db);
  const bad = isBadReview(input.rating);
  const reviewedAt = input.reviewedAt ?? now;
  const cal = centreCalendar();
  const [row] = await db
    .insert(windowReviews)
    .values({
      hall: input.hall,
      windowName: input.windowName ?? null,
      matter: input.matter ?? null,
      unitId: input.unitId ?? null,
      rating: input.rating,
      comment: input.comment ?? null,
      windowReportId: input.windowReportId ?? null,
      ticketId: input.ticketId ?? null,
      contactId: input.contactId ?? null,
      bad,
      status: bad ? 'open' : 'closed',
      reviewedAt,
      revisitDueAt: bad ? endOfNthWorkingDay(cal, reviewedAt, settings.badReviewRevisitWorkingDays) : null,
      fixDueAt: bad ? endOfNthWorkingDay(cal, reviewedAt, settings.badReviewFixWorkingDays) : null,
      createdById: actorId,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row) throw new AppError('internal', 'review insert returned nothing');
  return row;
}

async function lockBad(tx: Executor, id: number): Promise<WindowReview> {
  const [r] = await tx.select().from(windowReviews).where(eq(windowReviews.id, id)).for('update');
  if (!r) throw notFound('评价');
  if (!r.bad) throw conflict('好评无需回访整改', { rating: r.rating });
  return r;
}

/** A bad review closes once it is both revisited and fixed, in either order. */
async function step(
  db: Executor,
  id: number,
  now: Date,
  apply: (r: WindowReview) => Partial<typeof windowReviews.$inferInsert>,
): Promise<WindowReview> {
  return db.transaction(async (tx) => {
    const r = await lockBad(tx, id);
    const set = apply(r);
    const merged = { ...r, ...set };
    const [row] = await tx
      .update(windowReviews)
      .set({
        ...set,
        status: merged.revisitedAt && merged.fixedAt ? 'closed' : 'open',
        updatedAt: now,
        version: sql`${windowReviews.version} + 1`,
      })
      .where(eq(windowReviews.id, id))
      .returning();
    if (!row) throw notFound('评价');
    return row;
  });
}

export function revisitReview(db: Executor, id: number, note: string, actorId: number, now: Date) {
  return step(db, id, now, (r) => {
    if (r.revisitedAt) throw conflict('该差评已回访', { revisitedAt: r.revisitedAt.toISOString() });
    return { revisitedAt: now, revisitedById: actorId, revisitNote: note };
  });
}

export function fixReview(db: Executor, id: number, note: string, actorId: number, now: Date) {
  return step(db, id, now, (r) => {
    if (r.fixedAt) throw conflict('该差评已整改', { fixedAt: r.fixedAt.toISOString() });
    return { fixedAt: now, fixedById: actorId, fixNote: note };
  });
}

/** Counts over reviews made in [from, to): what the centre publishes (差评回访率、整改率). */
export async function reviewStatsFor(db: Executor, range: { from?: Date; to?: Date }, now: Date) {
  const where: SQL | undefined = and(
    range.from ? gte(windowReviews.reviewedAt, range.from) : undefined,
    range.to ? lt(windowReviews.reviewedAt, range.to) : undefined,
  );
  const overdue = or(
    and(sql`${windowReviews.revisitedAt} is null`, lte(windowReviews.revisitDueAt, now)),
    and(sql`${windowReviews.fixedAt} is null`, lte(windowReviews.fixDueAt, now)),
  );
  const [c] = await db
    .select({
      total: sql<number>`count(*)::int`,
      bad: sql<number>`count(*) filter (where ${windowReviews.bad})::int`,
      badRevisited: sql<number>`count(*) filter (where ${and(eq(windowReviews.bad, true), isNotNull(windowReviews.revisitedAt))})::int`,
      badFixed: sql<number>`count(*) filter (where ${and(eq(windowReviews.bad, true), isNotNull(windowReviews.fixedAt))})::int`,
      badOverdue: sql<number>`count(*) filter (where ${and(eq(windowReviews.bad, true), overdue)})::int`,
    })
    .from(windowReviews)
    .where(where);
  return reviewStats({
    total: c?.total ?? 0,
    bad: c?.bad ?? 0,
    badRevisited: c?.badRevisited ?? 0,
    badFixed: c?.badFixed ?? 0,
    badOverdue: c?.badOverdue ?? 0,
  });
}
