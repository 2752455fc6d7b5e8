import { and, asc, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { supervisionCases, units } from '../../db/schema/index.ts';
import { notFound } from '../../services/errors.ts';
import type { Viewer } from '../../services/ticketAccess.ts';

const columns = {
  id: supervisionCases.id,
  title: supervisionCases.title,
  reason: supervisionCases.reason,
  unitId: supervisionCases.unitId,
  unitName: units.name,
  dueAt: supervisionCases.dueAt,
  status: supervisionCases.status,
  level: supervisionCases.level,
  escalatedAt: supervisionCases.escalatedAt,
  escalatedTo: supervisionCases.escalatedTo,
  clockId: supervisionCases.clockId,
  createdById: supervisionCases.createdById,
  closedById: supervisionCases.closedById,
  closedAt: supervisionCases.closedAt,
  resultNote: supervisionCases.resultNote,
  version: supervisionCases.version,
  createdAt: supervisionCases.createdAt,
  updatedAt: supervisionCases.updatedAt,
  ticketIds: sql<
    number[]
  >`coalesce((select array_agg(st.ticket_id order by st.ticket_id) from supervision_case_tickets st
    where st.case_id = ${supervisionCases.id}), '{}')`,
};

/** Units see the cases over their own unit (and sub-units); the centre sees all. */
export function caseScope(viewer: Viewer): SQL | undefined {
  if (viewer.role !== 'unit_staff') return undefined;
  const prefix = `${viewer.unitPath ?? '/-1/'}%`;
  return sql`exists (select 1 from units su where su.id = ${supervisionCases.unitId} and su.path like ${prefix})`;
}

type Row = Awaited<ReturnType<typeof select>>[number];
function select(db: Executor) {
  return db.select(columns).from(supervisionCases).leftJoin(units, eq(units.id, supervisionCases.unitId));
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

function view(r: Row, now: Date) {
  return {
    ...r,
    status: r.status as 'open' | 'escalated' | 'closed',
    ticketIds: (r.ticketIds ?? []).map(Number),
    overdue: r.status !== 'closed' && r.dueAt.getTime() < now.getTime(),
    dueAt: r.dueAt.toISOString(),
    escalatedAt: iso(r.escalatedAt),
    closedAt: iso(r.closedAt),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function loadCaseView(db: Executor, viewer: Viewer, id: number, now: Date) {
  const [r] = await select(db).where(and(eq(supervisionCases.id, id), caseScope(viewer)));
  if (!r) throw notFound('督办件');
  return view(r, now);
}

export interface CaseFilter {
  status?: string[];
  unitId?: number;
  ticketId?: number;
}

export async function listCaseViews(
  db: Executor,
  viewer: Viewer,
  f: CaseFilter,
  page: { order: 'asc' | 'desc'; sort: 'id' | 'dueAt'; start: number; end: number },
  now: Date,
) {
  const where = and(
    caseScope(viewer),
    f.status?.length ? inArray(supervisionCases.status, f.status) : undefined,
    f.unitId ? eq(supervisionCases.unitId, f.unitId) : undefined,
    f.ticketId
      ? sql`exists (select 1 from supervision_case_tickets x where x.case_id = ${supervisionCases.id} and x.ticket_id = ${f.ticketId})`
      : undefined,
  );
  const col = page.sort === 'dueAt' ? supervisionCases.dueAt : supervisionCases.id;
  const [rows, [total]] = await Promise.all([
    select(db)
      .where(where)
      .orderBy(page.order === 'asc' ? asc(col) : desc(col), desc(supervisionCases.id))
      .limit(page.end - page.start)
      .offset(page.start),
    db.select({ n: count() }).from(supervisionCases).where(where),
  ]);
  return { rows: rows.map((r) => view(r, now)), total: total?.n ?? 0 };
}
