/**
 * KPI rollups for the generated history, filled set-based from tickets and their lead dispatches (one
 * GROUP BY per table). The KPI worker folds the event log into the same tables incrementally; replaying 10M
 * tickets' events through that fold would measure the fold, not the report, so the bench writes rows of the
 * same shape and cardinality (local day × unit × category × channel) directly.
 */
import type postgres from 'postgres';

function rollup(table: 'kpi_daily' | 'kpi_monthly', keyCol: string, keyExpr: string): string {
  return `
insert into ${table} (${keyCol}, unit_id, category_id, channel, created, direct_answered, closed, closed_dispatched,
  closed_revisited, revisit_reached, revisit_satisfied, dispatches, sign_total, sign_on_time, replies, completed,
  completed_on_time, completed_resolved)
select ${keyExpr}, coalesce(d.unit_id, 0), coalesce(t.category_id, 0), t.channel::text,
  count(*), count(*) filter (where t.close_reason = 'direct_answer'), count(t.closed_at),
  count(t.closed_at) filter (where d.id is not null), count(t.closed_at) filter (where d.id is not null),
  count(t.closed_at) filter (where d.id is not null), count(t.closed_at) filter (where d.id is not null),
  count(d.id), count(d.signed_at), count(d.signed_at) filter (where d.signed_at <= d.sign_due_at),
  count(d.replied_at), count(d.reviewed_at), count(d.reviewed_at) filter (where d.reviewed_at <= d.handle_due_at),
  count(d.reviewed_at)
from tickets t left join dispatches d on d.id = t.id
group by 1, 2, 3, 4`;
}

export async function fillKpiRollups(sql: postgres.Sql): Promise<void> {
  await sql.unsafe('truncate kpi_daily, kpi_monthly');
  await sql.unsafe(rollup('kpi_daily', 'day', `(t.created_at at time zone 'Asia/Shanghai')::date`));
  await sql.unsafe(
    rollup('kpi_monthly', 'month', `date_trunc('month', t.created_at at time zone 'Asia/Shanghai')::date`),
  );
}
