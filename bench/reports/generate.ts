/**
 * Set-based generator for bench/reports: a year (2025, Asia/Shanghai) of a large city's tickets with their
 * dispatches, event log and call records, made by PostgreSQL itself from generate_series in chunks (no row
 * crosses the wire). Event payloads carry what the producers write (services/dispatch, services/followup,
 * services/intake), so the real fold sees realistic input.
 *
 * Shape: 58 % answered directly on the call, 4 % repeats merged into an earlier ticket, 38 % dispatched to
 * one of ~400 units; of those 3 % returned and re-dispatched, 8 % deemed signed, 6 % extended, 12 % replied
 * late, 4 % replies rejected once; revisits 72 % satisfied, 17 % basically, 5 % dissatisfied (re-handled in
 * a second round), 6 % unreachable. Dispatched tickets also carry two message events (ignored by the KPIs,
 * read by the fold all the same). Calls: 1.3 per ticket, 94 % answered.
 */
import type postgres from 'postgres';

export interface GenOptions {
  tickets: number;
  chunk: number;
  log: (line: string) => void;
}

const YEAR_START = `timestamptz '2025-01-01 00:00:00+08'`;

/** More units and categories than the demo city: a large city's dispatch catalogue. */
export async function addBenchReference(sql: postgres.Sql): Promise<{ units: number; leaves: number }> {
  const [centre] = await sql<{ id: number }[]>`select id from units where kind = 'centre' limit 1`;
  if (!centre) throw new Error('reference data missing: no centre unit');
  await sql.unsafe(`insert into units (code, name, kind, parent_id)
    select 'RD' || g, '模拟部门' || g, 'department'::unit_kind, ${centre.id} from generate_series(1, 40) g
    union all
    select 'RQ' || g, '模拟区' || g, 'district'::unit_kind, ${centre.id} from generate_series(1, 13) g`);
  await sql.unsafe(`insert into units (code, name, kind, parent_id)
    select 'RJ' || d.id || '_' || g, d.name || '街道' || g, 'street'::unit_kind, d.id
      from units d cross join generate_series(1, 20) g
     where d.kind = 'district'
       and g > (select count(*) from units c where c.parent_id = d.id and c.kind = 'street')`);
  for (const kinds of ["'department', 'district'", "'street'"]) {
    await sql.unsafe(`update units u set path = p.path || u.id || '/' from units p
      where p.id = u.parent_id and u.code like 'R%' and u.kind in (${kinds})`);
  }
  // 8 more leaves under every middle category.
  await sql.unsafe(`insert into categories (parent_id, code, name, full_name, path, is_leaf)
    select m.id, m.code || '-R' || g, '细类' || g, m.full_name || ' › 细类' || g, m.path, true
      from categories m cross join generate_series(1, 8) g where not m.is_leaf and m.parent_id is not null`);
  await sql.unsafe(`update categories c set path = c.path || c.id || '/' where c.code like '%-R%'`);
  const [u] = await sql<{ n: number }[]>`select count(*)::int as n from units`;
  const [c] = await sql<{ n: number }[]>`select count(*)::int as n from categories where is_leaf`;
  return { units: Number(u?.n), leaves: Number(c?.n) };
}

/** The generator's lookup arrays, as temp tables indexed 1..n. */
async function lookups(sql: postgres.Sql): Promise<void> {
  await sql.unsafe(`create unlogged table if not exists bench_units as
    select row_number() over (order by id)::int as i, id from units where kind in ('department', 'street')`);
  await sql.unsafe(`create unlogged table if not exists bench_cats as
    select row_number() over (order by id)::int as i, id from categories where is_leaf`);
}

/** One row per ticket: its kind, times and outcomes (every stage's instant computed here once). */
function planSql(a: number, b: number, n: number): string {
  return `
insert into bench_plan
with arr as (
  select array(select id from bench_units order by i) as ua, array(select id from bench_cats order by i) as ca),
r as (
  select g as n, arr.ua, arr.ca,
    ${YEAR_START} + ((g - 1)::float8 / ${n}) * interval '365 days' + random() * interval '50 minutes' as t0,
    random() as rk, random() as rc, random() as rcat, random() as ru, random() as ru2,
    random() as rret, random() as rsign, random() as rext, random() as rlate, random() as rrej,
    random() as rrev, random() as rreply
  from generate_series(${a}, ${b}) g, arr),
k as (
  select r.*,
    case when rk < 0.58 then 'direct' when rk < 0.62 then 'repeat' else 'dispatch' end as kind,
    case when rc < 0.70 then 'phone' when rc < 0.78 then 'sms' when rc < 0.90 then 'web'
         when rc < 0.93 then 'email' else 'window' end as chan,
    ca[1 + floor(power(rcat, 1.6) * cardinality(ca))::int] as cat,
    ua[1 + floor(power(ru, 1.4) * cardinality(ua))::int] as u1,
    ua[1 + floor(ru2 * cardinality(ua))::int] as u2,
    rret < 0.03 as returned, rsign < 0.08 as deemed, rext < 0.06 as extended, rlate < 0.12 as late,
    rrej < 0.04 as rejected,
    case when rrev < 0.72 then 'satisfied' when rrev < 0.89 then 'basically_satisfied'
         when rrev < 0.94 then 'dissatisfied' else 'unreachable' end as result
  from r),
s as (
  select k.*, t0 + case when returned then interval '70 minutes' else interval '10 minutes' end as ds,
    case when returned then u2 else u1 end as um
  from k),
h as (
  select s.*,
    case when deemed then ds + interval '2 hours' else ds + interval '30 minutes' * (0.2 + rsign) end as sign_at,
    ds + interval '5 days' + case when extended then interval '7 days' else interval '0' end as hdue
  from s),
p as (
  select h.*,
    case when late then hdue + interval '1 day' * (0.2 + rlate) else ds + interval '1 day' * (1 + 3 * rreply) end as r1
  from h)
select n, t0, kind, chan, cat, u1, um, returned, deemed, extended, late, rejected, result, ds, sign_at, hdue, r1,
  r1 + case when rejected then interval '1 day' else interval '0' end as rf
from p`;
}

/** Unpivots each ticket's plan into its events, in lifecycle order (ord) per ticket. */
const EVENT_SQL = [
  // every ticket is created
  `select n, null::int, null::int, t0, 1, 'ticket.created', 'registered',
     jsonb_build_object('channel', chan, 'type', case when kind = 'direct' then 'consultation' else 'help' end, 'priority', 'normal')
   from bench_plan`,
  `select n, null, null, t0 + interval '4 minutes', 2, 'ticket.answered_directly', 'closed', '{}'::jsonb
   from bench_plan where kind = 'direct'`,
  `select n, null, null, t0 + interval '4 minutes', 3, 'ticket.closed', 'closed', '{"reason":"direct_answer"}'::jsonb
   from bench_plan where kind = 'direct'`,
  `select n, null, null, t0 + interval '1 minute', 2, 'ticket.repeat_linked', 'merged',
     jsonb_build_object('originalId', greatest(n - 1000, 1), 'merged', true)
   from bench_plan where kind = 'repeat'`,
  // dispatched: the registration SMS
  `select n, null, null, t0 + interval '1 second', 2, 'message.queued', null, '{"template":"ticket.registered"}'::jsonb
   from bench_plan where kind = 'dispatch'`,
  `select n, null, null, t0 + interval '5 seconds', 3, 'message.sent', null, '{"providerId":"SMx"}'::jsonb
   from bench_plan where kind = 'dispatch'`,
  // first dispatch; a returned one is re-dispatched to another unit (dispatch id 3n-1)
  `select n, 3 * n - 2, u1, t0 + interval '10 minutes', 4, 'dispatch.created', 'dispatched',
     jsonb_build_object('role', 'lead', 'round', 1, 'signDueAt', t0 + interval '130 minutes')
   from bench_plan where kind = 'dispatch'`,
  `select n, 3 * n - 2, u1, t0 + interval '40 minutes', 5, 'dispatch.return_requested', 'return_requested',
     '{"reasonCode":"not_ours"}'::jsonb from bench_plan where kind = 'dispatch' and returned`,
  `select n, 3 * n - 2, u1, t0 + interval '60 minutes', 6, 'dispatch.return_approved', 'returned', '{}'::jsonb
   from bench_plan where kind = 'dispatch' and returned`,
  `select n, 3 * n - 1, um, ds, 7, 'dispatch.created', 'dispatched',
     jsonb_build_object('role', 'lead', 'round', 1, 'signDueAt', ds + interval '2 hours', 'fromDispatchId', 3 * n - 2)
   from bench_plan where kind = 'dispatch' and returned`,
  // signing
  `select n, case when returned then 3 * n - 1 else 3 * n - 2 end, um, sign_at, 8, 'sla.breached', null,
     jsonb_build_object('kind', 'sign', 'dueAt', ds + interval '2 hours')
   from bench_plan where kind = 'dispatch' and deemed`,
  `select n, case when returned then 3 * n - 1 else 3 * n - 2 end, um, sign_at, 9,
     case when deemed then 'dispatch.deemed_signed' else 'dispatch.signed' end, 'handling',
     jsonb_build_object('signDueAt', ds + interval '2 hours', 'handleDueAt', ds + interval '5 days', 'onTime', not deemed)
   from bench_plan where kind = 'dispatch'`,
  `select n, case when returned then 3 * n - 1 else 3 * n - 2 end, um, ds + interval '3 days', 10,
     'dispatch.extension_requested', 'handling', jsonb_build_object('requestedDueAt', hdue)
   from bench_plan where kind = 'dispatch' and extended`,
  `select n, case when returned then 3 * n - 1 else 3 * n - 2 end, um, ds + interval '3 days 2 hours', 11,
     'dispatch.extension_approved', 'handling', jsonb_build_object('oldDueAt', ds + interval '5 days', 'newDueAt', hdue)
   from bench_plan where kind = 'dispatch' and extended`,
  `select n, case when returned then 3 * n - 1 else 3 * n - 2 end, um, hdue, 12, 'sla.breached', null,
     jsonb_build_object('kind', 'handle', 'dueAt', hdue)
   from bench_plan where kind = 'dispatch' and late`,
  // replies (a rejected one is answered again a day later), review, revisit, close
  `select n, case when returned then 3 * n - 1 else 3 * n - 2 end, um, r1, 13, 'dispatch.replied', 'replied',
     jsonb_build_object('result', case when result = 'dissatisfied' then 'explained' else 'resolved' end,
       'handleDueAt', hdue, 'onTime', r1 <= hdue)
   from bench_plan where kind = 'dispatch'`,
  `select n, case when returned then 3 * n - 1 else 3 * n - 2 end, um, r1 + interval '3 hours', 14,
     'dispatch.reply_rejected', 'handling', '{"reason":"答复不完整"}'::jsonb
   from bench_plan where kind = 'dispatch' and rejected`,
  `select n, case when returned then 3 * n - 1 else 3 * n - 2 end, um, rf, 15, 'dispatch.replied', 'replied',
     jsonb_build_object('result', 'resolved', 'handleDueAt', hdue, 'onTime', rf <= hdue)
   from bench_plan where kind = 'dispatch' and rejected`,
  `select n, case when returned then 3 * n - 1 else 3 * n - 2 end, um, rf + interval '2 hours', 16,
     'dispatch.reply_accepted', 'accepted',
     jsonb_build_object('result', case when result = 'dissatisfied' then 'explained' else 'resolved' end)
   from bench_plan where kind = 'dispatch'`,
  `select n, null, null, rf + interval '2 hours 1 second', 17, 'message.sent', null, '{"template":"ticket.replied"}'::jsonb
   from bench_plan where kind = 'dispatch'`,
  `select n, case when returned then 3 * n - 1 else 3 * n - 2 end, um, rf + interval '1 day', 18, 'revisit.recorded', null,
     jsonb_build_object('result', result, 'via', 'sms')
   from bench_plan where kind = 'dispatch'`,
  // dissatisfied: re-handled in a second round by the same unit (dispatch id 3n), then satisfied
  `select n, null, null, rf + interval '1 day 1 hour', 19, 'ticket.rehandle', 'dispatched', '{"round":2}'::jsonb
   from bench_plan where kind = 'dispatch' and result = 'dissatisfied'`,
  `select n, 3 * n, um, rf + interval '1 day 2 hours', 20, 'dispatch.created', 'dispatched',
     jsonb_build_object('role', 'lead', 'round', 2, 'signDueAt', rf + interval '1 day 4 hours')
   from bench_plan where kind = 'dispatch' and result = 'dissatisfied'`,
  `select n, 3 * n, um, rf + interval '1 day 3 hours', 21, 'dispatch.signed', 'handling',
     jsonb_build_object('signDueAt', rf + interval '1 day 4 hours', 'handleDueAt', rf + interval '6 days', 'onTime', true)
   from bench_plan where kind = 'dispatch' and result = 'dissatisfied'`,
  `select n, 3 * n, um, rf + interval '3 days', 22, 'dispatch.replied', 'replied',
     jsonb_build_object('result', 'resolved', 'handleDueAt', rf + interval '6 days', 'onTime', true)
   from bench_plan where kind = 'dispatch' and result = 'dissatisfied'`,
  `select n, 3 * n, um, rf + interval '3 days 2 hours', 23, 'dispatch.reply_accepted', 'accepted', '{"result":"resolved"}'::jsonb
   from bench_plan where kind = 'dispatch' and result = 'dissatisfied'`,
  `select n, 3 * n, um, rf + interval '4 days', 24, 'revisit.recorded', null, '{"result":"satisfied","via":"sms"}'::jsonb
   from bench_plan where kind = 'dispatch' and result = 'dissatisfied'`,
  `select n, null, null, rf + case when result = 'dissatisfied' then interval '4 days' else interval '1 day' end, 25,
     'ticket.closed', 'closed',
     jsonb_build_object('closeReason', case when result = 'unreachable' then 'unreachable' else 'satisfied' end)
   from bench_plan where kind = 'dispatch'`,
];

export interface GenResult {
  tickets: number;
  dispatches: number;
  events: number;
  calls: number;
}

export async function generateYear(sql: postgres.Sql, opts: GenOptions): Promise<GenResult> {
  await lookups(sql);
  await sql.unsafe(`create unlogged table if not exists bench_plan (
    n int, t0 timestamptz, kind text, chan text, cat int, u1 int, um int, returned bool, deemed bool, extended bool,
    late bool, rejected bool, result text, ds timestamptz, sign_at timestamptz, hdue timestamptz, r1 timestamptz,
    rf timestamptz)`);
  await sql.unsafe(`create unlogged table if not exists bench_ev (ticket_id int, dispatch_id int, unit_id int,
    at timestamptz, ord int, action text, to_status text, payload jsonb)`);
  const total: GenResult = { tickets: 0, dispatches: 0, events: 0, calls: 0 };
  const started = performance.now();
  for (let a = 1; a <= opts.tickets; a += opts.chunk) {
    const b = Math.min(opts.tickets, a + opts.chunk - 1);
    await sql.unsafe('truncate bench_plan, bench_ev');
    await sql.unsafe(planSql(a, b, opts.tickets));
    const t =
      await sql.unsafe(`insert into tickets (id, ticket_no, channel, type, priority, status, close_reason, title,
        content, query_code, category_id, repeat_of_id, created_at, updated_at, closed_at)
      select n, 'R' || lpad(n::text, 9, '0'), chan::channel,
        (case when kind = 'direct' then 'consultation' else 'help' end)::ticket_type, 'normal',
        case when kind = 'repeat' then 'merged' else 'closed' end,
        case when kind = 'direct' then 'direct_answer' when kind = 'repeat' then null
             when result = 'unreachable' then 'unreachable' else 'satisfied' end,
        '模拟工单', '模拟内容', 'BENCH1', cat, case when kind = 'repeat' then greatest(n - 1000, 1) end, t0, t0,
        case when kind = 'direct' then t0 + interval '4 minutes'
             when kind = 'dispatch' then rf + interval '1 day' end
      from bench_plan`);
    const d = await sql.unsafe(`insert into dispatches (id, ticket_id, unit_id, round, role, status, dispatched_at,
        signed_at, deemed_signed, sign_due_at, handle_due_at, replied_at, reviewed_at, closed_at)
      select 3 * n - 2, n, u1, 1, 'lead'::dispatch_role, case when returned then 'returned' else 'accepted' end, t0 + interval '10 minutes',
        case when returned then null else sign_at end, deemed and not returned, t0 + interval '130 minutes',
        case when returned then null else hdue end, case when returned then null else rf end,
        case when returned then null else rf + interval '2 hours' end, rf + interval '2 hours'
      from bench_plan where kind = 'dispatch'
      union all
      select 3 * n - 1, n, um, 1, 'lead', 'accepted', ds, sign_at, deemed, ds + interval '2 hours', hdue, rf,
        rf + interval '2 hours', rf + interval '2 hours'
      from bench_plan where kind = 'dispatch' and returned
      union all
      select 3 * n, n, um, 2, 'lead', 'accepted', rf + interval '1 day 2 hours', rf + interval '1 day 3 hours', false,
        rf + interval '1 day 4 hours', rf + interval '6 days', rf + interval '3 days', rf + interval '3 days 2 hours',
        rf + interval '3 days 2 hours'
      from bench_plan where kind = 'dispatch' and result = 'dissatisfied'`);
    for (const q of EVENT_SQL) {
      await sql.unsafe(
        `insert into bench_ev (ticket_id, dispatch_id, unit_id, at, ord, action, to_status, payload) ${q}`,
      );
    }
    const e = await sql.unsafe(`insert into ticket_events (ticket_id, dispatch_id, unit_id, at, actor_kind, action,
        to_status, payload)
      select ticket_id, dispatch_id, unit_id, at, 'system', action, to_status, payload
      from bench_ev order by at, ticket_id, ord`);
    // Calls: 1.3 per ticket over the same time span; 94 % answered, most within 15 s.
    const callsFrom = Math.floor((a - 1) * 1.3) + 1;
    const callsTo = Math.floor(b * 1.3);
    const c = await sql.unsafe(`insert into calls (call_id, direction, from_number, status, offered_at, answered_at,
        ended_at, wait_seconds, talk_seconds)
      select 'RC' || g, 'in', '1380000' || lpad((g % 10000)::text, 4, '0'), x.status, x.t,
        case when x.status = 'completed' then x.t + make_interval(secs => x.w) end,
        x.t + make_interval(secs => x.w + 180), x.w, case when x.status = 'completed' then 180 end
      from generate_series(${callsFrom}, ${callsTo}) g,
      lateral (select ${YEAR_START} + ((g - 1)::float8 / ${Math.floor(opts.tickets * 1.3)}) * interval '365 days' as t,
                      case when random() < 0.94 then 'completed' else 'missed' end as status,
                      floor(power(random(), 3) * 60)::int as w) x`);
    total.tickets += t.count;
    total.dispatches += d.count;
    total.events += e.count;
    total.calls += c.count;
    const s = (performance.now() - started) / 1000;
    opts.log(
      `generated ${total.tickets.toLocaleString()} tickets, ${total.events.toLocaleString()} events, ` +
        `${total.calls.toLocaleString()} calls (${Math.round(total.events / s).toLocaleString()} events/s)`,
    );
  }
  await sql.unsafe(`select setval(pg_get_serial_sequence('tickets', 'id'), (select max(id) from tickets))`);
  await sql.unsafe(`select setval(pg_get_serial_sequence('dispatches', 'id'), (select max(id) from dispatches))`);
  await sql.unsafe('drop table bench_plan, bench_ev, bench_units, bench_cats');
  return total;
}
