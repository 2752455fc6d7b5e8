import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, count, desc, eq, gte, inArray, lt, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { tickets, windowReports } from '../../db/schema/index.ts';
import { WINDOW_REASON_LABELS, WINDOW_REASONS, type WindowReason } from '../../domain/intake/window.ts';
import { normalizePhone } from '../../domain/phone.ts';
import { AppError, notFound } from '../../services/errors.ts';
import { createWindowReport } from '../../services/intake/window.ts';
import { requireRole } from '../auth/guard.ts';
import type { App, AuthUser } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idParam } from '../lib/crud.ts';
import { int4Query } from '../lib/ids.ts';
import { idList, listQuerySchema, parseList, setTotal, stringList } from '../lib/list.ts';
import { windowReportInputSchema, windowReportSchema } from './schemas.ts';

type WindowReportView = z.infer<typeof windowReportSchema>;

const columns = {
  id: windowReports.id,
  ticketId: windowReports.ticketId,
  ticketNo: tickets.ticketNo,
  ticketStatus: tickets.status,
  clerkId: windowReports.clerkId,
  hall: windowReports.hall,
  window: windowReports.window,
  serviceItem: windowReports.serviceItem,
  departmentId: windowReports.departmentId,
  departmentName: windowReports.departmentName,
  reason: windowReports.reason,
  anonymous: windowReports.anonymous,
  content: tickets.content,
  reviewStatus: windowReports.reviewStatus,
  reviewOutcome: windowReports.reviewOutcome,
  reviewNote: windowReports.reviewNote,
  reviewedAt: windowReports.reviewedAt,
  reviewedById: windowReports.reviewedById,
  createdAt: windowReports.createdAt,
  updatedAt: windowReports.updatedAt,
};

function selectReports(db: Executor) {
  return db.select(columns).from(windowReports).innerJoin(tickets, eq(tickets.id, windowReports.ticketId));
}
type Row = Awaited<ReturnType<typeof selectReports>>[number];

function view(r: Row): WindowReportView {
  return {
    ...r,
    reason: r.reason as WindowReason,
    reasonLabel: WINDOW_REASON_LABELS[r.reason as WindowReason] ?? r.reason,
    reviewOutcome: r.reviewOutcome as WindowReportView['reviewOutcome'],
    reviewedAt: r.reviewedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Clerks see the reports they made; the centre sees all. */
function scope(user: AuthUser): SQL | undefined {
  return user.role === 'window_clerk' ? eq(windowReports.clerkId, user.id) : undefined;
}

export const READERS = ['window_clerk', 'agent', 'dispatcher', 'supervisor'] as const;

export async function loadWindowReport(db: Executor, user: AuthUser, id: number): Promise<WindowReportView> {
  const [row] = await selectReports(db).where(and(eq(windowReports.id, id), scope(user)));
  if (!row) throw notFound('窗口反映');
  return view(row);
}

const filterSchema = z.object({
  id: idList.optional(),
  reviewStatus: z.enum(['pending', 'reviewed']).optional(),
  reason: stringList(WINDOW_REASONS).optional(),
  hall: z.string().trim().max(100).optional(),
  departmentId: int4Query.optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});

const create = createRoute({
  method: 'post',
  path: '/api/intake/window-reports',
  tags: ['intake'],
  summary: '办不成事窗口反映登记（生成渠道为 window 的工单，待中心研判）',
  description: '可带 Idempotency-Key 请求头：同一键重复提交返回第一次的结果。',
  security: [{ bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: windowReportInputSchema } } } },
  responses: {
    201: { description: 'created', content: { 'application/json': { schema: windowReportSchema } } },
    ...errorResponses,
  },
});

const list = createRoute({
  method: 'get',
  path: '/api/intake/window-reports',
  tags: ['intake'],
  summary: '窗口反映列表（窗口人员只看自己登记的）',
  security: [{ bearer: [] }],
  request: { query: listQuerySchema.passthrough() },
  responses: {
    200: { description: 'a page', content: { 'application/json': { schema: z.array(windowReportSchema) } } },
    ...errorResponses,
  },
});

const get = createRoute({
  method: 'get',
  path: '/api/intake/window-reports/{id}',
  tags: ['intake'],
  summary: '窗口反映详情',
  security: [{ bearer: [] }],
  request: { params: idParam },
  responses: {
    200: { description: 'one report', content: { 'application/json': { schema: windowReportSchema } } },
    ...errorResponses,
  },
});

export function registerWindowReports(app: App) {
  app.openapi(create, async (c) => {
    const user = requireRole(c, 'window_clerk');
    const body = c.req.valid('json');
    const deps = c.get('deps');
    const phone = body.phone ? normalizePhone(body.phone) : null;
    if (body.phone && !phone) {
      throw new AppError('validation', '电话号码无效', {
        fields: [{ path: 'phone', message: '不是有效的中国大陆电话号码' }],
      });
    }
    const key = c.req.header('idempotency-key')?.trim();
    if (key && key.length > 100) {
      throw new AppError('validation', 'Idempotency-Key 过长', {
        fields: [{ path: 'Idempotency-Key', message: '最多 100 个字符' }],
      });
    }
    const out = await createWindowReport(
      deps,
      { ...body, phone },
      { id: user.id, kind: 'user', requestId: c.get('requestId') },
      `window:${key ? `${user.id}:${key}` : randomUUID()}`,
    );
    return c.json(await loadWindowReport(deps.db, user, out.reportId), 201);
  });

  app.openapi(list, async (c) => {
    const user = requireRole(c, ...READERS);
    const db = c.get('deps').readDb;
    const sortable = { id: windowReports.id, createdAt: windowReports.createdAt, reviewedAt: windowReports.reviewedAt };
    const p = parseList(c, filterSchema, Object.keys(sortable), 'id');
    const f = p.filter;
    const conds: Array<SQL | undefined> = [scope(user)];
    if (f.id) conds.push(inArray(windowReports.id, f.id));
    if (f.reviewStatus) conds.push(eq(windowReports.reviewStatus, f.reviewStatus));
    if (f.reason) conds.push(inArray(windowReports.reason, f.reason));
    if (f.hall) conds.push(eq(windowReports.hall, f.hall));
    if (f.departmentId) conds.push(eq(windowReports.departmentId, f.departmentId));
    if (f.from) conds.push(gte(windowReports.createdAt, f.from));
    if (f.to) conds.push(lt(windowReports.createdAt, f.to));
    const where = and(...conds);
    const col = sortable[p.sort as keyof typeof sortable];
    const [rows, [total]] = await Promise.all([
      selectReports(db)
        .where(where)
        .orderBy(p.order === 'asc' ? asc(col) : desc(col), desc(windowReports.id))
        .limit(p.end - p.start)
        .offset(p.start),
      db.select({ n: count() }).from(windowReports).where(where),
    ]);
    setTotal(c, 'intake/window-reports', p.start, rows.length, total?.n ?? 0);
    return c.json(rows.map(view), 200);
  });

  app.openapi(get, async (c) => {
    const user = requireRole(c, ...READERS);
    const { id } = c.req.valid('param');
    return c.json(await loadWindowReport(c.get('deps').db, user, id), 200);
  });
}
