/** Writing aggregated deltas into the rollup and correction tables (one statement each, set-based). */
import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import type { Aggregated, RollupRow } from '../../domain/kpi/aggregate.ts';
import { counterColumn } from '../../domain/kpi/counters.ts';
import { cubeTable } from '../../domain/kpi/cubes.ts';
import { eventColCoalesced, eventColIncrement, eventColList, eventColTypes } from './columns.ts';

function records(rows: Array<RollupRow & { grain?: string }>): string {
  return JSON.stringify(
    rows.map((r) => {
      const rec: Record<string, unknown> = {
        grain: r.grain,
        day: r.day,
        unit_id: r.unitId,
        category_id: r.categoryId,
        channel: r.channel,
      };
      for (const [k, v] of Object.entries(r.counters)) rec[counterColumn(k as keyof typeof r.counters)] = v;
      return rec;
    }),
  );
}

export async function writeAggregated(tx: Executor, agg: Aggregated): Promise<void> {
  if (agg.daily.length) {
    await tx.execute(sql`insert into kpi_daily (day, unit_id, category_id, channel, ${eventColList})
      select day, unit_id, category_id, channel, ${eventColCoalesced}
      from jsonb_to_recordset(${records(agg.daily)}::jsonb)
        as x(day date, unit_id int, category_id int, channel text, ${eventColTypes})
      on conflict (day, unit_id, category_id, channel) do update set ${eventColIncrement('kpi_daily')}`);
  }
  if (agg.monthly.length) {
    await tx.execute(sql`insert into kpi_monthly (month, unit_id, category_id, channel, ${eventColList})
      select day, unit_id, category_id, channel, ${eventColCoalesced}
      from jsonb_to_recordset(${records(agg.monthly)}::jsonb)
        as x(day date, unit_id int, category_id int, channel text, ${eventColTypes})
      on conflict (month, unit_id, category_id, channel) do update set ${eventColIncrement('kpi_monthly')}`);
  }
  for (const table of ['kpi_cubes', 'kpi_month_cubes'] as const) {
    const rows = agg.cubes.filter((c) => cubeTable(c.grain) === table);
    if (!rows.length) continue;
    const t = sql.raw(table);
    await tx.execute(sql`insert into ${t} (grain, day, unit_id, category_id, channel, ${eventColList})
      select grain, day, unit_id, category_id, channel, ${eventColCoalesced}
      from jsonb_to_recordset(${records(rows)}::jsonb)
        as x(grain text, day date, unit_id int, category_id int, channel text, ${eventColTypes})
      on conflict (grain, day, unit_id, category_id, channel) do update set ${eventColIncrement(table)}`);
  }
  if (agg.corrections.length) {
    const recs = agg.corrections.map((c) => ({
      period_id: c.periodId,
      unit_id: c.unitId,
      counter: c.counter,
      n: c.n,
      last_event_id: c.lastEventId,
    }));
    await tx.execute(sql`insert into kpi_corrections (period_id, unit_id, counter, n, last_event_id)
      select period_id, unit_id, counter, n, last_event_id
      from jsonb_to_recordset(${JSON.stringify(recs)}::jsonb)
        as x(period_id int, unit_id int, counter text, n int, last_event_id bigint)
      on conflict (period_id, unit_id, counter) do update set
        n = kpi_corrections.n + excluded.n,
        last_event_id = greatest(kpi_corrections.last_event_id, excluded.last_event_id),
        updated_at = now()`);
  }
}
