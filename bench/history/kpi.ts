/**
 * KPI rollups for the generated history, filled set-based from tickets and their lead dispatches (one
 * GROUP BY per table), then the coarser cubes (domain/kpi/cubes.ts) from them. The KPI worker folds the event
 * log into the same tables incrementally; replaying 10M tickets' events through that fold would measure the
 * fold, not the report, so the bench writes rows of the same shape and cardinality directly.
 */
import type postgres from 'postgres';
import { CUBE_GRAINS, type CubeGrain, cubeTable, DROPPED_CHANNEL, DROPPED_ID } from '../../domain/kpi/cubes.ts';

const COUNTERS = [
  'created',
  'direct_answered',
  'closed',
  'closed_dispatched',
  'closed_revisited',
  'revisit_reached',
  'revisit_satisfied',
  'dispatches',
  'sign_total',
  'sign_on_time',
  'replies',
  'completed',
  'completed_on_time',
  'completed_resolved',
];

function rollup(table: 'kpi_daily' | 'kpi_monthly', keyCol: string, keyExpr: string): string {
  return `
insert into ${table} (${keyCol}, unit_id, category_id, channel, ${COUNTERS.join(', ')})
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

function cube(grain: CubeGrain): string {
  const g = CUBE_GRAINS[grain];
  const [source, dayCol] = g.monthly ? ['kpi_monthly', 'month'] : ['kpi_daily', 'day'];
  const unit = g.unit ? 'unit_id' : String(DROPPED_ID);
  const category = g.category ? 'category_id' : String(DROPPED_ID);
  const channel = g.channel ? 'channel' : `'${DROPPED_CHANNEL}'`;
  return `
insert into ${cubeTable(grain)} (grain, day, unit_id, category_id, channel, ${COUNTERS.join(', ')})
select '${grain}', ${dayCol}, ${unit}, ${category}, ${channel}, ${COUNTERS.map((c) => `sum(${c})`).join(', ')}
from ${source} group by 2, 3, 4, 5`;
}

export async function fillKpiRollups(sql: postgres.Sql): Promise<void> {
  await sql.unsafe('truncate kpi_daily, kpi_monthly, kpi_cubes, kpi_month_cubes');
  await sql.unsafe(rollup('kpi_daily', 'day', `(t.created_at at time zone 'Asia/Shanghai')::date`));
  await sql.unsafe(
    rollup('kpi_monthly', 'month', `date_trunc('month', t.created_at at time zone 'Asia/Shanghai')::date`),
  );
  for (const grain of Object.keys(CUBE_GRAINS) as CubeGrain[]) await sql.unsafe(cube(grain));
}
