import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, gte, ilike, inArray, lt, type SQL } from 'drizzle-orm';
import { windowReviews } from '../../db/schema/index.ts';
import { REVIEW_RATINGS } from '../../domain/followup/reviews.ts';
import { createReview, fixReview, reviewStatsFor, revisitReview } from '../../services/followup/reviews.ts';
import { requireRole, STAFF_ROLES } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idParam, isoDates, registerReadRoutes } from '../lib/crud.ts';
import { rowId, rowIdQuery } from '../lib/ids.ts';
import { boolish, idList, stringList } from '../lib/list.ts';

const reviewSchema = z
  .object({
    id: z.number(),
    windowReportId: z.number().nullable(),
    ticketId: z.number().nullable(),
    contactId: z.number().nullable(),
    hall: z.string(),
    windowName: z.string().nullable(),
    matter: z.string().nullable(),
    unitId: z.number().nullable(),
    rating: z.enum(REVIEW_RATINGS),
    comment: z.string().nullable(),
    bad: z.boolean(),
    status: z.enum(['open', 'closed']),
    reviewedAt: z.string(),
    revisitDueAt: z.string().nullable(),
    revisitedAt: z.string().nullable(),
    revisitedById: z.number().nullable(),
    revisitNote: z.string().nullable(),
    fixDueAt: z.string().nullable(),
    fixedAt: z.string().nullable(),
    fixedById: z.number().nullable(),
    fixNote: z.string().nullable(),
    createdById: z.number().nullable(),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('WindowReview');
type ReviewView = z.infer<typeof reviewSchema>;
const view = (r: Record<string, unknown>) => isoDates(r) as ReviewView;

const filterSchema = z.object({
  id: idList.optional(),
  bad: boolish.optional(),
  status: z.enum(['open', 'closed']).optional(),
  rating: stringList(REVIEW_RATINGS).optional(),
  hall: z.string().trim().max(100).optional(),
  unitId: rowIdQuery.optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});

const createBody = z.object({
  hall: z.string().trim().min(1).max(100),
  windowName: z.string().trim().max(100).nullable().optional(),
  matter: z.string().trim().max(200).nullable().optional(),
  unitId: rowId.nullable().optional(),
  rating: z.enum(REVIEW_RATINGS),
  comment: z.string().trim().max(2000).nullable().optional(),
  windowReportId: rowId.nullable().optional(),
  ticketId: rowId.nullable().optional(),
  reviewedAt: z.coerce.date().optional(),
});
const noteBody = z.object({ note: z.string().trim().min(2, '请填写说明').max(2000) });

const statsSchema = z.object({
  total: z.number(),
  good: z.number(),
  bad: z.number(),
  badRevisited: z.number(),
  badFixed: z.number(),
  badOverdue: z.number(),
  revisitRate: z.number().nullable(),
  fixRate: z.number().nullable(),
  goodRate: z.number().nullable(),
});

const ok = { 200: { description: 'the review', content: { 'application/json': { schema: reviewSchema } } } };

export function registerReviews(app: App) {
  // Static paths before the {id} routes.
  const stats = createRoute({
    method: 'get',
    path: '/api/reviews/stats',
    tags: ['reviews'],
    summary: '好差评统计：差评回访率、整改率、逾期数',
    security: [{ bearer: [] }],
    request: { query: z.object({ from: z.coerce.date().optional(), to: z.coerce.date().optional() }) },
    responses: {
      200: { description: 'stats', content: { 'application/json': { schema: statsSchema } } },
      ...errorResponses,
    },
  });
  app.openapi(stats, async (c) => {
    requireRole(c, ...STAFF_ROLES);
    const deps = c.get('deps');
    const q = c.req.valid('query');
    return c.json(await reviewStatsFor(deps.readDb, q, deps.clock.now()), 200);
  });

  registerReadRoutes(app, {
    resource: 'reviews',
    tag: 'reviews',
    summary: '窗口好差评',
    table: windowReviews,
    idColumn: windowReviews.id,
    rowSchema: reviewSchema,
    filterSchema,
    sortable: { id: windowReviews.id, reviewedAt: windowReviews.reviewedAt, fixDueAt: windowReviews.fixDueAt },
    defaultSort: 'id',
    roles: [...STAFF_ROLES, 'window_clerk'],
    where: (f) => {
      const c: Array<SQL | undefined> = [];
      if (f.id) c.push(inArray(windowReviews.id, f.id));
      if (f.bad !== undefined) c.push(eq(windowReviews.bad, f.bad));
      if (f.status) c.push(eq(windowReviews.status, f.status));
      if (f.rating) c.push(inArray(windowReviews.rating, f.rating));
      if (f.hall) c.push(ilike(windowReviews.hall, `%${f.hall}%`));
      if (f.unitId) c.push(eq(windowReviews.unitId, f.unitId));
      if (f.from) c.push(gte(windowReviews.reviewedAt, f.from));
      if (f.to) c.push(lt(windowReviews.reviewedAt, f.to));
      return and(...c);
    },
    view,
  });

  const create = createRoute({
    method: 'post',
    path: '/api/reviews',
    tags: ['reviews'],
    summary: '登记窗口评价（差评自动生成回访与整改期限）',
    security: [{ bearer: [] }],
    request: { body: { required: true, content: { 'application/json': { schema: createBody } } } },
    responses: {
      201: { description: 'created', content: { 'application/json': { schema: reviewSchema } } },
      ...errorResponses,
    },
  });
  app.openapi(create, async (c) => {
    const user = requireRole(c, 'window_clerk', 'agent', 'supervisor');
    const deps = c.get('deps');
    const row = await createReview(deps.db, c.req.valid('json'), user.id, deps.clock.now());
    return c.json(view(row), 201);
  });

  const revisit = createRoute({
    method: 'post',
    path: '/api/reviews/{id}/revisit',
    tags: ['reviews'],
    summary: '差评回访（记录与市民沟通情况）',
    security: [{ bearer: [] }],
    request: { params: idParam, body: { required: true, content: { 'application/json': { schema: noteBody } } } },
    responses: { ...ok, ...errorResponses },
  });
  app.openapi(revisit, async (c) => {
    const user = requireRole(c, 'agent', 'supervisor');
    const { id } = c.req.valid('param');
    const deps = c.get('deps');
    const row = await revisitReview(deps.db, id, c.req.valid('json').note, user.id, deps.clock.now());
    return c.json(view(row), 200);
  });

  const fix = createRoute({
    method: 'post',
    path: '/api/reviews/{id}/fix',
    tags: ['reviews'],
    summary: '差评整改（记录整改措施）',
    security: [{ bearer: [] }],
    request: { params: idParam, body: { required: true, content: { 'application/json': { schema: noteBody } } } },
    responses: { ...ok, ...errorResponses },
  });
  app.openapi(fix, async (c) => {
    const user = requireRole(c, 'supervisor', 'dispatcher');
    const { id } = c.req.valid('param');
    const deps = c.get('deps');
    const row = await fixReview(deps.db, id, c.req.valid('json').note, user.id, deps.clock.now());
    return c.json(view(row), 200);
  });
}
