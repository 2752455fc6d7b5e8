/**
 * Call counters (answer rate, timely answer rate) come from the CTI call records, not the event log:
 * a call is one row that Intake recomputes as its events arrive (ringing → answered → completed | missed),
 * so its local day is recomputed as a whole, which is idempotent. The worker recomputes the last two
 * local days every run; a rebuild recomputes every day.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { queryRows } from '../../db/rows.ts';
import { localDateOf, startOfLocalDate } from '../../domain/kpi/periods.ts';
import { CURSOR, ensureCursor } from './maintain.ts';

/** GB/T 33358-2016: answer within 15 seconds. */
export const TIMELY_ANSWER_SECONDS = 15;

const localDay = sql.raw(`((offered_at at time zone 'UTC') + interval '8 hours')::date`);

/** Recomputes kpi_calls_daily for local days [from, to) ('YYYY-MM-DD'); all days when omitted. */
export async function syncCallDays(db: Db, range?: { from: string; to: string }): Promise<number> {
  await ensureCursor(db);
  return db.transaction(async (tx) => {
    const where = range
      ? sql`offered_at >= ${startOfLocalDate(range.from).toISOString()}::timestamptz
          and offered_at < ${startOfLocalDate(range.to).toISOString()}::timestamptz`
      : sql`offered_at is not null`;
    if (range) {
      await tx.execute(sql`delete from kpi_calls_daily where day >= ${range.from}::date and day < ${range.to}::date`);
    } else {
      await tx.execute(sql`delete from kpi_calls_daily`);
    }
    const rows = await queryRows<{ n: string }>(
      tx,
      sql`with ins as (
            insert into kpi_calls_daily (day, calls_offered, calls_answered, calls_answered_timely, calls_missed,
              wait_seconds_sum, updated_at)
            select ${localDay},
              count(*) filter (where status in ('answered', 'completed', 'missed')),
              count(*) filter (where answered_at is not null),
              count(*) filter (where answered_at is not null and coalesce(wait_seconds, 0) <= ${TIMELY_ANSWER_SECONDS}),
              count(*) filter (where status = 'missed'),
              coalesce(sum(wait_seconds) filter (where answered_at is not null), 0),
              clock_timestamp()
            from calls where direction = 'in' and ${where}
            group by 1
            returning 1)
          select count(*)::text as n from ins`,
    );
    await tx.execute(sql`update kpi_cursor set calls_synced_at = clock_timestamp() where name = ${CURSOR}`);
    return Number(rows[0]?.n ?? 0);
  });
}

/** The worker's routine sync: yesterday and today (local), which is where call rows still change. */
export function syncRecentCalls(db: Db, now: Date): Promise<number> {
  const DAY = 86_400_000;
  return syncCallDays(db, { from: localDateOf(now.getTime() - DAY), to: localDateOf(now.getTime() + DAY) });
}
