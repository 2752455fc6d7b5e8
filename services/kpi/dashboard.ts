/**
 * The console's dashboard data: today's intake by channel, open work and overdue work by unit (live, from
 * the tickets and dispatches tables: small, indexed reads), and the satisfaction trend (from the rollups).
 */
import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { queryRows } from '../../db/rows.ts';
import { OPEN_DISPATCH_STATES } from '../../domain/dispatch/states.ts';
import { localDateOf, periodOf, startOfLocalDate } from '../../domain/kpi/periods.ts';
import { CHANNELS, labels } from '../../domain/vocabulary.ts';
import { centreUnit, kpiReport } from './report.ts';

export interface Dashboard {
  asOf: string;
  today: {
    date: string;
    intakeByChannel: Array<{ channel: string; label: string; count: number }>;
    total: number;
    answerRate: number | null;
    directAnswerRate: number | null;
  };
  backlogByUnit: Array<{ unitId: number; name: string; open: number; overdue: number; unsigned: number }>;
  overdue: { dispatches: number; tickets: number };
  satisfactionTrend: Array<{ week: string; from: string; reached: number; satisfied: number; rate: number | null }>;
}

/** `unitPath` restricts backlog and overdue to a unit's subtree (unit staff see their own). */
export async function dashboardData(
  db: Executor,
  now: Date,
  opts: { unitPath?: string | null; weeks?: number } = {},
): Promise<Dashboard> {
  const today = localDateOf(now);
  const dayStart = startOfLocalDate(today).toISOString();
  const intake = await queryRows<{ channel: string; n: string }>(
    db,
    sql`select channel::text as channel, count(*)::text as n from tickets
        where created_at >= ${dayStart}::timestamptz group by 1`,
  );
  const counts = new Map(intake.map((r) => [r.channel, Number(r.n)]));
  const todayReport = await kpiReport(db, { from: today, to: periodOf('day', today).to });

  // Backlog grouped by top-level unit (departments, districts) of the centre, or by the children of a unit.
  const centre = await centreUnit(db);
  const root = opts.unitPath ?? centre?.path ?? '/';
  const depth = root.split('/').length - 2;
  const open = `{${OPEN_DISPATCH_STATES.join(',')}}`;
  const nowIso = now.toISOString();
  const backlog = await queryRows<{ unit_id: number; name: string; open: string; overdue: string; unsigned: string }>(
    db,
    sql`select g.id as unit_id, g.name,
          count(*)::text as open,
          count(*) filter (where (d.status = 'dispatched' and d.sign_due_at < ${nowIso}::timestamptz)
                              or (d.status = 'handling' and d.handle_due_at < ${nowIso}::timestamptz))::text as overdue,
          count(*) filter (where d.status = 'dispatched')::text as unsigned
        from dispatches d
        join units u on u.id = d.unit_id
        join units g on g.id = (case when u.path = ${root} then u.id
                                     else split_part(u.path, '/', ${depth + 2})::int end)
        where d.status = any(${open}::text[]) and u.path like ${`${root}%`}
        group by g.id, g.name
        order by count(*) desc, g.id`,
  );
  const [overdueTickets] = await queryRows<{ n: string }>(
    db,
    sql`select count(*)::text as n from tickets t
        where t.due_at < ${nowIso}::timestamptz and t.status not in ('closed', 'merged')
        ${opts.unitPath ? sql`and exists (select 1 from dispatches d join units u on u.id = d.unit_id where d.ticket_id = t.id and u.path like ${`${opts.unitPath}%`})` : sql``}`,
  );

  const weeks = Math.min(Math.max(opts.weeks ?? 12, 1), 104);
  const thisWeek = periodOf('week', today);
  const first = new Date(startOfLocalDate(thisWeek.from).getTime() - (weeks - 1) * 7 * 86_400_000);
  const trend = await kpiReport(db, { from: localDateOf(first), to: thisWeek.to, groupBy: ['week'] });
  const byWeek = new Map(trend.rows.map((r) => [r.keys[0]?.key ?? '', r]));
  const satisfactionTrend: Dashboard['satisfactionTrend'] = [];
  for (let i = 0; i < weeks; i++) {
    const w = periodOf('week', localDateOf(first.getTime() + i * 7 * 86_400_000));
    const r = byWeek.get(w.key);
    const reached = r?.counters.revisitReached ?? 0;
    const satisfied = (r?.counters.revisitSatisfied ?? 0) + (r?.counters.revisitBasic ?? 0);
    satisfactionTrend.push({
      week: w.key,
      from: w.from,
      reached,
      satisfied,
      rate: reached ? satisfied / reached : null,
    });
  }

  const dispatchOverdue = backlog.reduce((s, r) => s + Number(r.overdue), 0);
  return {
    asOf: now.toISOString(),
    today: {
      date: today,
      intakeByChannel: CHANNELS.map((c) => ({ channel: c, label: labels.channel[c], count: counts.get(c) ?? 0 })),
      total: [...counts.values()].reduce((a, b) => a + b, 0),
      answerRate: todayReport.total.kpis.answerRate.value,
      directAnswerRate: todayReport.total.kpis.directAnswerRate.value,
    },
    backlogByUnit: backlog.map((r) => ({
      unitId: Number(r.unit_id),
      name: r.name,
      open: Number(r.open),
      overdue: Number(r.overdue),
      unsigned: Number(r.unsigned),
    })),
    overdue: { dispatches: dispatchOverdue, tickets: Number(overdueTickets?.n ?? 0) },
    satisfactionTrend,
  };
}
