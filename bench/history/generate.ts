/**
 * Set-based generator of a megacity's ticket history: tickets, their dispatches and their event log, made
 * by PostgreSQL itself from generate_series in chunks (no row crosses the wire), with progress output.
 *
 * Shape (close to Beijing's 12345: ~65k tickets a day, 55–85% consultations, most answered on the call):
 * tickets are spread evenly from `days` ago until now, numbered per Asia/Shanghai day; 60% consultations of
 * which 80% are answered directly; the rest are dispatched to one of ~400 units (8% with a co-handling
 * unit) and walk dispatched → signed → replied → accepted → revisited → closed, each stage only if its
 * time has come, so recent tickets are open and old ones closed, as in a real store.
 */
import type postgres from 'postgres';
import { segmentWords } from '../../domain/search.ts';
import { DETAILS, ISSUES, ROADS } from './words.ts';

export interface GenerateOptions {
  tickets: number;
  perDay: number;
  chunk: number;
  now: Date;
  log: (line: string) => void;
}

export interface Reference {
  unitIds: number[];
  districtIds: number[];
  categoryIds: number[];
  agentIds: number[];
}

const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3_600_000;

function shanghaiMidnight(ms: number): number {
  const local = ms + SHANGHAI_MS;
  return local - (local % DAY_MS) - SHANGHAI_MS;
}

const sqlArray = (xs: number[]) => `array[${xs.join(',')}]::int[]`;

/** Synthetic units so dispatches spread like a megacity's: 60 departments, 16 districts × 20 streets. */
export async function addBenchUnits(sql: postgres.Sql): Promise<void> {
  const [centre] = await sql<{ id: number }[]>`select id from units where kind = 'centre' limit 1`;
  if (!centre) throw new Error('reference data missing: no centre unit');
  await sql.unsafe(`insert into units (code, name, kind, parent_id)
    select 'BD' || g, '模拟部门' || g, 'department'::unit_kind, ${centre.id} from generate_series(1, 40) g
    union all
    select 'BQ' || g, '模拟区' || g, 'district'::unit_kind, ${centre.id} from generate_series(1, 13) g`);
  await sql.unsafe(`insert into units (code, name, kind, parent_id)
    select 'BJ' || d.id || '_' || g, d.name || '街道' || g, 'street'::unit_kind, d.id
      from units d cross join generate_series(1, 20) g
     where d.kind = 'district'
       and g > (select count(*) from units c where c.parent_id = d.id and c.kind = 'street')`);
  // Materialised paths, parents first (a CTE's inserted rows are invisible to its own UPDATE, hence two steps).
  for (const kinds of ["'department', 'district'", "'street'"]) {
    await sql.unsafe(`update units u set path = p.path || u.id || '/' from units p
      where p.id = u.parent_id and u.code like 'B%' and u.kind in (${kinds})`);
  }
}

export async function loadReference(sql: postgres.Sql): Promise<Reference> {
  const ids = async (q: string) => (await sql.unsafe<{ id: number }[]>(q)).map((r) => Number(r.id));
  return {
    unitIds: await ids(`select id from units where kind in ('department', 'street') order by id`),
    districtIds: await ids(`select id from units where kind = 'district' order by id`),
    categoryIds: await ids(`select id from categories where is_leaf order by id`),
    agentIds: await ids(`select id from users where role = 'agent' order by id`),
  };
}

/** Phrase tables with their jieba segmentation, joined by index in the generator. */
export async function loadWords(sql: postgres.Sql): Promise<void> {
  await sql`create table if not exists bench_words (kind text, idx int, txt text, seg text, primary key (kind, idx))`;
  await sql`truncate bench_words`;
  const rows: Array<{ kind: string; idx: number; txt: string; seg: string }> = [];
  for (const [kind, list] of [
    ['road', ROADS],
    ['issue', ISSUES],
    ['detail', DETAILS],
  ] as const) {
    list.forEach((txt, idx) => {
      rows.push({ kind, idx, txt, seg: segmentWords(txt).join(' ') });
    });
  }
  await sql`insert into bench_words ${sql(rows)}`;
}

/**
 * One chunk of tickets [lo, hi] into a staging table, then tickets, dispatches and events from it.
 * Timestamps are exact integer arithmetic on milliseconds so the per-day sequence never collides.
 */
function stageSql(lo: number, hi: number, startMs: number, stepMs: number, nowMs: number, ref: Reference): string {
  const units = sqlArray(ref.unitIds);
  const districts = sqlArray(ref.districtIds);
  const cats = sqlArray(ref.categoryIds);
  const agents = sqlArray(ref.agentIds.length ? ref.agentIds : [0]);
  const nRoads = ROADS.length;
  const nIssues = ISSUES.length;
  const nDetails = DETAILS.length;
  return `
create temp table stage on commit drop as
with base as (
  select i,
    ${startMs}::bigint + (i - 1) * ${stepMs}::bigint as c_ms,
    ((i - 1) * ${stepMs}::bigint) / ${DAY_MS} as d,
    random() r_type, random() r_dir, random() r_ch, random() r1, random() r2, random() r3, random() r4,
    random() r_unit, random() r_co
  from generate_series(${lo}, ${hi}) i
), typed as (
  select *,
    case when r_type < 0.60 then 'consultation' when r_type < 0.75 then 'help' when r_type < 0.90 then 'complaint'
         when r_type < 0.94 then 'report' when r_type < 0.98 then 'suggestion' else 'praise' end as type,
    i - ((d * ${DAY_MS} + ${stepMs} - 1) / ${stepMs} + 1) + 1 as seq
  from base
), staged as (
  select *,
    type = 'consultation' and r_dir < 0.8 as direct,
    c_ms + (10 + floor(r1 * 50))::bigint * 60000 as disp_ms,
    c_ms + (40 + floor(r1 * 50) + floor(r2 * 90))::bigint * 60000 as sign_ms,
    c_ms + (1000 + floor(r2 * 90) + floor(r3 * 9000))::bigint * 60000 as reply_ms,
    c_ms + (1600 + floor(r2 * 90) + floor(r3 * 9000))::bigint * 60000 as accept_ms,
    c_ms + (3000 + floor(r2 * 90) + floor(r3 * 9000) + floor(r4 * 1440))::bigint * 60000 as close_ms
  from typed
)
select i, seq, type, direct,
  to_timestamp(c_ms / 1000.0) as created,
  case when r_ch < 0.78 then 'phone' when r_ch < 0.86 then 'web' when r_ch < 0.93 then 'sms'
       when r_ch < 0.97 then 'window' else 'email' end as channel,
  case when r4 < 0.04 then 'urgent' else 'normal' end as priority,
  r4 < 0.02 as confidential,
  case when direct then null when disp_ms <= ${nowMs} then to_timestamp(disp_ms / 1000.0) end as dispatched_at,
  case when direct then null when sign_ms <= ${nowMs} then to_timestamp(sign_ms / 1000.0) end as signed_at,
  case when direct then null when reply_ms <= ${nowMs} then to_timestamp(reply_ms / 1000.0) end as replied_at,
  case when direct then null when accept_ms <= ${nowMs} then to_timestamp(accept_ms / 1000.0) end as accepted_at,
  case when direct then to_timestamp((c_ms + 240000) / 1000.0)
       when close_ms <= ${nowMs} then to_timestamp(close_ms / 1000.0) end as closed_at,
  case when direct then null else to_timestamp((c_ms + 5 * ${DAY_MS}::bigint) / 1000.0) end as due_at,
  (${units})[1 + floor(power(r_unit, 1.6) * ${ref.unitIds.length})::int] as unit_id,
  case when not (type = 'consultation' and r_dir < 0.8) and r_co < 0.08
       then (${units})[1 + floor(r_co * 12.5 * ${ref.unitIds.length})::int] end as co_unit_id,
  (${cats})[1 + floor(r2 * ${ref.categoryIds.length})::int] as category_id,
  (${districts})[1 + floor(r3 * ${ref.districtIds.length})::int] as district_id,
  (${agents})[1 + floor(r1 * ${Math.max(1, ref.agentIds.length)})::int] as agent_id,
  floor(r3 * ${nRoads})::int as road, floor(r2 * ${nIssues})::int as issue, floor(r1 * ${nDetails})::int as detail
from staged;`;
}

function ticketsSql(contacts: number): string {
  return `
insert into tickets (id, ticket_no, channel, type, priority, status, close_reason, title, content, address,
  category_id, contact_id, confidential, query_code, district_id, created_by_id, due_at, closed_at, search_text,
  created_at, updated_at)
select s.i,
  to_char(s.created at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad(s.seq::text, 6, '0'),
  s.channel::channel, s.type::ticket_type, s.priority::priority,
  case when s.closed_at is not null then 'closed' when s.accepted_at is not null then 'revisit'
       when s.replied_at is not null then 'replied' when s.signed_at is not null then 'handling'
       when s.dispatched_at is not null then 'dispatched' else 'registered' end,
  case when s.direct then 'direct_answer' when s.closed_at is not null then 'satisfied' end,
  w.road || w.issue, w.road || w.issue || '，' || w.detail || '。', w.road || (s.i % 200 + 1) || '号',
  s.category_id, 1 + floor(random() * ${contacts})::int, s.confidential,
  upper(substr(md5(s.i::text), 1, 6)), s.district_id, s.agent_id, s.due_at, s.closed_at,
  w.road_seg || ' ' || w.issue_seg || ' ' || w.issue_seg || ' ' || w.detail_seg || ' ' || w.road_seg || ' 号',
  s.created, coalesce(s.closed_at, s.accepted_at, s.replied_at, s.signed_at, s.dispatched_at, s.created)
from stage s
join lateral (
  select r.txt as road, r.seg as road_seg, x.txt as issue, x.seg as issue_seg, d.txt as detail, d.seg as detail_seg
  from bench_words r, bench_words x, bench_words d
  where r.kind = 'road' and r.idx = s.road and x.kind = 'issue' and x.idx = s.issue
    and d.kind = 'detail' and d.idx = s.detail
) w on true;`;
}

/** Lead dispatch id = ticket id, co-handling id = offset + ticket id: events reference them without a join. */
function dispatchesSql(coOffset: number): string {
  return `
insert into dispatches (id, ticket_id, unit_id, round, role, status, dispatched_at, signed_at, sign_due_at,
  handle_due_at, replied_at, reviewed_at, closed_at, created_at, updated_at)
select s.i + o.off, s.i, case when o.lead then s.unit_id else s.co_unit_id end, 1,
  (case when o.lead then 'lead' else 'co' end)::dispatch_role,
  case when s.accepted_at is not null then 'accepted' when s.replied_at is not null then 'replied'
       when s.signed_at is not null then 'handling' else 'dispatched' end,
  s.dispatched_at, s.signed_at, s.dispatched_at + interval '2 hours', s.due_at, s.replied_at, s.accepted_at,
  s.accepted_at, s.dispatched_at, coalesce(s.accepted_at, s.replied_at, s.signed_at, s.dispatched_at)
from stage s
cross join lateral (values (true, 0), (false, ${coOffset})) o(lead, off)
where s.dispatched_at is not null and (o.lead or s.co_unit_id is not null);`;
}

const EVENTS_SQL = `
insert into ticket_events (ticket_id, dispatch_id, at, actor_id, actor_kind, action, from_status, to_status, unit_id,
  payload)
select s.i, e.dispatch_id, e.at, e.actor_id, e.actor_kind, e.action, e.from_status, e.to_status, e.unit_id, e.payload
from stage s
cross join lateral (values
  (s.created, 'ticket.created', null::int, null::int, s.agent_id, 'user', null, 'registered',
     jsonb_build_object('channel', s.channel, 'type', s.type, 'priority', s.priority)),
  (case when s.direct then s.created + interval '3 minutes' end, 'ticket.answered_directly', null, null,
     s.agent_id, 'user', 'registered', 'closed', '{}'::jsonb),
  (s.dispatched_at, 'dispatch.created', s.i, s.unit_id, null, 'user', 'registered', 'dispatched',
     jsonb_build_object('unitId', s.unit_id, 'role', 'lead')),
  (s.signed_at, 'dispatch.signed', s.i, s.unit_id, null, 'unit', 'dispatched', 'handling', '{}'::jsonb),
  (s.replied_at, 'dispatch.replied', s.i, s.unit_id, null, 'unit', 'handling', 'replied', '{}'::jsonb),
  (s.accepted_at, 'dispatch.reply_accepted', s.i, s.unit_id, null, 'user', 'replied', 'revisit', '{}'::jsonb),
  (case when not s.direct then s.closed_at end, 'revisit.recorded', null, null, s.agent_id, 'user', null, null,
     '{"result":"satisfied"}'::jsonb),
  (s.closed_at, 'ticket.closed', null, null, null, 'system', 'revisit', 'closed',
     jsonb_build_object('reason', case when s.direct then 'direct_answer' else 'satisfied' end))
) e(at, action, dispatch_id, unit_id, actor_id, actor_kind, from_status, to_status, payload)
where e.at is not null;`;

export interface GenerateResult {
  tickets: number;
  dispatches: number;
  events: number;
  seconds: number;
  startMs: number;
}

/** Fills contacts, tickets, dispatches and events; callers drop secondary indexes first and rebuild after. */
export async function generateHistory(
  sql: postgres.Sql,
  ref: Reference,
  opts: GenerateOptions,
): Promise<GenerateResult> {
  const started = performance.now();
  const nowMs = opts.now.getTime();
  const days = Math.max(1, Math.ceil(opts.tickets / opts.perDay));
  const startMs = shanghaiMidnight(nowMs - days * DAY_MS) + DAY_MS;
  const stepMs = Math.max(1, Math.floor((nowMs - 60_000 - startMs) / opts.tickets));
  const contacts = Math.max(1000, Math.floor(opts.tickets / 4));
  opts.log(
    `generating ${opts.tickets.toLocaleString()} tickets over ${days} days (one every ${stepMs} ms), ${contacts.toLocaleString()} contacts`,
  );
  await sql.unsafe(`insert into contacts (phone, name)
    select '+86139' || lpad(g::text, 8, '0'), null from generate_series(1, ${contacts}) g`);

  const coOffset = opts.tickets + 1;
  let done = 0;
  for (let lo = 1; lo <= opts.tickets; lo += opts.chunk) {
    const hi = Math.min(opts.tickets, lo + opts.chunk - 1);
    const steps: string[] = [];
    await sql.begin(async (tx) => {
      for (const [what, text] of [
        ['stage', stageSql(lo, hi, startMs, stepMs, nowMs, ref)],
        ['tickets', ticketsSql(contacts)],
        ['dispatches', dispatchesSql(coOffset)],
        ['events', EVENTS_SQL],
      ] as const) {
        const t = performance.now();
        await tx.unsafe(text);
        steps.push(`${what} ${((performance.now() - t) / 1000).toFixed(1)}`);
      }
    });
    done = hi;
    const s = (performance.now() - started) / 1000;
    opts.log(
      `  ${done.toLocaleString()} / ${opts.tickets.toLocaleString()} tickets  ${s.toFixed(0)} s  (${Math.round(done / s).toLocaleString()} tickets/s; ${steps.join(', ')} s)`,
    );
  }
  // Sequences and counters as if the rows had been written by the app.
  await sql.unsafe(`select setval(pg_get_serial_sequence('tickets', 'id'), (select max(id) from tickets))`);
  await sql.unsafe(
    `select setval(pg_get_serial_sequence('dispatches', 'id'), (select coalesce(max(id), 1) from dispatches))`,
  );
  await sql.unsafe(`insert into ticket_counters (day, last)
    select left(ticket_no, 8), max(right(ticket_no, 6)::int) from tickets group by 1
    on conflict (day) do update set last = excluded.last`);
  const [counts] = await sql<{ d: string; e: string }[]>`
    select (select count(*) from dispatches) as d, (select count(*) from ticket_events) as e`;
  return {
    tickets: opts.tickets,
    dispatches: Number(counts?.d ?? 0),
    events: Number(counts?.e ?? 0),
    seconds: (performance.now() - started) / 1000,
    startMs,
  };
}
