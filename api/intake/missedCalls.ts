import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, inArray, type SQL } from 'drizzle-orm';
import { missedCalls } from '../../db/schema/index.ts';
import { normalizePhone } from '../../domain/phone.ts';
import { markCalledBack } from '../../services/intake/calls.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idParam, isoDates, registerReadRoutes } from '../lib/crud.ts';
import { idList, stringList } from '../lib/list.ts';
import { missedCallSchema, parseBody } from './schemas.ts';

const filterSchema = z.object({
  id: idList.optional(),
  status: stringList(['pending', 'called_back', 'got_through'] as const).optional(),
  phone: z.string().trim().max(40).optional(),
});

const calledBackSchema = z.object({
  reached: z.boolean().default(true).openapi({ description: 'false：回拨未接通，只记一次尝试，仍留在回拨列表' }),
  note: z.string().trim().max(500).nullish(),
});

const calledBack = createRoute({
  method: 'post',
  path: '/api/intake/missed-calls/{id}/called-back',
  tags: ['intake'],
  summary: '漏接回拨：标记已回拨',
  security: [{ bearer: [] }],
  request: {
    params: idParam,
    body: { required: false, content: { 'application/json': { schema: calledBackSchema } } },
  },
  responses: {
    200: { description: 'updated', content: { 'application/json': { schema: missedCallSchema } } },
    ...errorResponses,
  },
});

/** The callback list (漏接回拨) and its "called back" action. */
export function registerMissedCalls(app: App) {
  registerReadRoutes(app, {
    resource: 'intake/missed-calls',
    tag: 'intake',
    summary: '未接来电',
    table: missedCalls,
    idColumn: missedCalls.id,
    rowSchema: missedCallSchema,
    filterSchema,
    sortable: { id: missedCalls.id, missedAt: missedCalls.missedAt, attempts: missedCalls.attempts },
    defaultSort: 'missedAt',
    defaultOrder: 'asc',
    roles: ['agent', 'dispatcher', 'supervisor'],
    where: (f) => {
      const c: Array<SQL | undefined> = [];
      if (f.id) c.push(inArray(missedCalls.id, f.id));
      if (f.status) c.push(inArray(missedCalls.status, f.status));
      if (f.phone) c.push(eq(missedCalls.phone, normalizePhone(f.phone) ?? f.phone));
      return and(...c);
    },
    view: (r) => isoDates(r) as z.infer<typeof missedCallSchema>,
  });

  app.openapi(calledBack, async (c) => {
    const user = requireRole(c, 'agent', 'dispatcher', 'supervisor');
    const { id } = c.req.valid('param');
    const body = parseBody(calledBackSchema, (await c.req.json().catch(() => ({}))) ?? {});
    const deps = c.get('deps');
    const now = deps.clock.now();
    const row = await deps.db.transaction((tx) => markCalledBack(tx, id, body, user.id, now));
    return c.json(isoDates(row) as z.infer<typeof missedCallSchema>, 200);
  });
}
