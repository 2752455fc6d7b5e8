import { createRoute, z } from '@hono/zod-openapi';
import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { ticketEvents, users } from '../../db/schema/index.ts';
import { loadVisibleTicket } from '../../services/ticketAccess.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idParam } from './schemas.ts';

export const eventSchema = z
  .object({
    id: z.number(),
    ticketId: z.number(),
    dispatchId: z.number().nullable(),
    at: z.string(),
    actorId: z.number().nullable(),
    actorName: z.string().nullable(),
    actorKind: z.string(),
    action: z.string(),
    fromStatus: z.string().nullable(),
    toStatus: z.string().nullable(),
    unitId: z.number().nullable(),
    payload: z.record(z.string(), z.unknown()),
  })
  .openapi('TicketEvent');

const route = createRoute({
  method: 'get',
  path: '/api/tickets/{id}/events',
  tags: ['tickets'],
  summary: '工单历史（事件时间线）',
  security: [{ bearer: [] }],
  request: { params: idParam },
  responses: {
    200: { description: 'events, oldest first', content: { 'application/json': { schema: z.array(eventSchema) } } },
    ...errorResponses,
  },
});

/** A ticket's history, oldest first, with actor names: the timeline every ticket page shows. */
export async function loadTicketEvents(db: Executor, ticketId: number) {
  const rows = await db
    .select({
      id: ticketEvents.id,
      ticketId: ticketEvents.ticketId,
      dispatchId: ticketEvents.dispatchId,
      at: ticketEvents.at,
      actorId: ticketEvents.actorId,
      actorName: users.displayName,
      actorKind: ticketEvents.actorKind,
      action: ticketEvents.action,
      fromStatus: ticketEvents.fromStatus,
      toStatus: ticketEvents.toStatus,
      unitId: ticketEvents.unitId,
      payload: ticketEvents.payload,
    })
    .from(ticketEvents)
    .leftJoin(users, eq(users.id, ticketEvents.actorId))
    .where(eq(ticketEvents.ticketId, ticketId))
    .orderBy(asc(ticketEvents.id));
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}

export function registerEvents(app: App) {
  app.openapi(route, async (c) => {
    const user = requireRole(c);
    const { id } = c.req.valid('param');
    const deps = c.get('deps');
    await loadVisibleTicket(deps.db, user, id);
    const rows = await loadTicketEvents(deps.db, id);
    return c.json(rows, 200);
  });
}
