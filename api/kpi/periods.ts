import { createRoute, z } from '@hono/zod-openapi';
import {
  addPeriodNote,
  correctionNote,
  getPublished,
  listPublished,
  PUBLISHABLE_KINDS,
  publishPeriod,
} from '../../services/kpi/publish.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idParam } from '../lib/crud.ts';
import { REPORT_ROLES } from './params.ts';
import { periodSummarySchema, publishedPeriodSchema } from './schemas.ts';

const list = createRoute({
  method: 'get',
  path: '/api/kpi/periods',
  tags: ['kpi'],
  summary: '已发布（冻结）的月度、季度数据',
  security: [{ bearer: [] }],
  request: { query: z.object({ kind: z.enum(PUBLISHABLE_KINDS).optional() }) },
  responses: {
    200: {
      description: 'published periods',
      content: { 'application/json': { schema: z.array(periodSummarySchema) } },
    },
    ...errorResponses,
  },
});

const publish = createRoute({
  method: 'post',
  path: '/api/kpi/periods',
  tags: ['kpi'],
  summary: '发布一个已结束的月度或季度：数据冻结，此后不再改变',
  security: [{ bearer: [] }],
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            kind: z.enum(PUBLISHABLE_KINDS),
            key: z.string().trim().min(6).max(8).openapi({ example: '2026-10' }),
          }),
        },
      },
    },
  },
  responses: {
    201: { description: 'published', content: { 'application/json': { schema: publishedPeriodSchema } } },
    ...errorResponses,
  },
});

const get = createRoute({
  method: 'get',
  path: '/api/kpi/periods/{id}',
  tags: ['kpi'],
  summary: '一个已发布期：冻结的数据与更正说明（发布后迟到的数据）',
  security: [{ bearer: [] }],
  request: { params: idParam },
  responses: {
    200: { description: 'the period', content: { 'application/json': { schema: publishedPeriodSchema } } },
    ...errorResponses,
  },
});

const note = createRoute({
  method: 'post',
  path: '/api/kpi/periods/{id}/notes',
  tags: ['kpi'],
  summary: '为已发布期添加更正说明（数据本身不变）',
  security: [{ bearer: [] }],
  request: {
    params: idParam,
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ body: z.string().trim().min(1).max(2000) }) } },
    },
  },
  responses: {
    201: { description: 'note added', content: { 'application/json': { schema: z.object({ id: z.number() }) } } },
    ...errorResponses,
  },
});

const summary = <T extends { figures: unknown }>({ figures: _f, ...rest }: T) => rest;

export function registerPeriods(app: App) {
  app.openapi(list, async (c) => {
    requireRole(c, ...REPORT_ROLES);
    const { kind } = c.req.valid('query');
    const rows = await listPublished(c.get('deps').readDb, kind);
    return c.json(rows.map(summary), 200);
  });

  app.openapi(publish, async (c) => {
    const user = requireRole(c, 'supervisor');
    const deps = c.get('deps');
    const body = c.req.valid('json');
    const p = await publishPeriod(deps.db, { kind: body.kind, key: body.key, actorId: user.id }, deps.clock.now());
    return c.json({ ...p, corrections: await correctionNote(deps.db, p) }, 201);
  });

  app.openapi(get, async (c) => {
    requireRole(c, ...REPORT_ROLES);
    const db = c.get('deps').readDb;
    const p = await getPublished(db, c.req.valid('param').id);
    return c.json({ ...p, corrections: await correctionNote(db, p) }, 200);
  });

  app.openapi(note, async (c) => {
    const user = requireRole(c, 'supervisor');
    const deps = c.get('deps');
    const r = await addPeriodNote(
      deps.db,
      c.req.valid('param').id,
      c.req.valid('json').body,
      user.id,
      deps.clock.now(),
    );
    return c.json(r, 201);
  });
}
