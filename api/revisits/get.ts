import { createRoute, z } from '@hono/zod-openapi';
import { asc, eq } from 'drizzle-orm';
import { revisitAttempts, revisits } from '../../db/schema/index.ts';
import { notFound } from '../../services/errors.ts';
import { requireRole, STAFF_ROLES } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { revisitIdParam, revisitSchema, revisitSelect, toRevisitView } from './schemas.ts';

const attemptSchema = z.object({
  id: z.number(),
  at: z.string(),
  channel: z.string(),
  result: z.string(),
  comment: z.string().nullable(),
  actorId: z.number().nullable(),
  messageId: z.number().nullable(),
});
const detailSchema = revisitSchema.extend({ attemptLog: z.array(attemptSchema) }).openapi('RevisitDetail');

const route = createRoute({
  method: 'get',
  path: '/api/revisits/{id}',
  tags: ['revisits'],
  summary: '回访详情（含每次尝试）',
  security: [{ bearer: [] }],
  request: { params: revisitIdParam },
  responses: {
    200: { description: 'the revisit', content: { 'application/json': { schema: detailSchema } } },
    ...errorResponses,
  },
});

export function registerGet(app: App) {
  app.openapi(route, async (c) => {
    requireRole(c, ...STAFF_ROLES);
    const { id } = c.req.valid('param');
    const deps = c.get('deps');
    const [row] = await revisitSelect(deps.db).where(eq(revisits.id, id));
    if (!row) throw notFound('回访');
    const attempts = await deps.db
      .select()
      .from(revisitAttempts)
      .where(eq(revisitAttempts.revisitId, id))
      .orderBy(asc(revisitAttempts.id));
    return c.json(
      {
        ...toRevisitView(row, deps.clock.now()),
        attemptLog: attempts.map((a) => ({
          id: a.id,
          at: a.at.toISOString(),
          channel: a.channel,
          result: a.result,
          comment: a.comment,
          actorId: a.actorId,
          messageId: a.messageId,
        })),
      },
      200,
    );
  });
}
