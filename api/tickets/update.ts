import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, sql } from 'drizzle-orm';
import { categories, tickets } from '../../db/schema/index.ts';
import { PRIORITIES, TICKET_TYPES } from '../../domain/vocabulary.ts';
import { AppError, conflict, notFound } from '../../services/errors.ts';
import { recordEvent } from '../../services/events.ts';
import { loadVisibleTicket } from '../../services/ticketAccess.ts';
import { ticketSearchText } from '../../services/tickets.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { int4, rowId } from '../lib/ids.ts';
import { idParam, ticketSchema } from './schemas.ts';

const EDITABLE = [
  'type',
  'priority',
  'title',
  'content',
  'address',
  'categoryId',
  'districtId',
  'confidential',
] as const;

const updateSchema = z
  .object({
    type: z.enum(TICKET_TYPES).optional(),
    priority: z.enum(PRIORITIES).optional(),
    title: z.string().trim().min(1).max(100).optional(),
    content: z.string().trim().min(1).max(5000).optional(),
    address: z.string().trim().max(200).nullable().optional(),
    categoryId: rowId.nullable().optional(),
    districtId: rowId.nullable().optional(),
    confidential: z.boolean().optional(),
    // Optimistic concurrency: send the version you read; a stale one gets 409.
    version: int4.optional(),
  })
  // react-admin PUTs the whole record back: unknown and read-only fields are ignored, not errors.
  .loose();

const route = (method: 'put' | 'patch') =>
  createRoute({
    method,
    path: '/api/tickets/{id}',
    tags: ['tickets'],
    summary: '修改工单可编辑字段（写入事件）',
    security: [{ bearer: [] }],
    request: { params: idParam, body: { required: true, content: { 'application/json': { schema: updateSchema } } } },
    responses: {
      200: { description: 'updated', content: { 'application/json': { schema: ticketSchema } } },
      ...errorResponses,
    },
  });

export function registerUpdate(app: App) {
  for (const method of ['put', 'patch'] as const) {
    app.openapi(route(method), async (c) => {
      const user = requireRole(c, 'agent', 'dispatcher', 'supervisor');
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const deps = c.get('deps');
      if (body.categoryId) {
        const [cat] = await deps.db
          .select({ id: categories.id })
          .from(categories)
          .where(eq(categories.id, body.categoryId));
        if (!cat)
          throw new AppError('validation', '分类不存在', { fields: [{ path: 'categoryId', message: '分类不存在' }] });
      }
      const now = deps.clock.now();
      await deps.db.transaction(async (tx) => {
        const [current] = await tx.select().from(tickets).where(eq(tickets.id, id)).for('update');
        if (!current) throw notFound('工单');
        if (body.version !== undefined && body.version !== current.version) {
          throw conflict('工单已被他人修改，请刷新后重试', { currentVersion: current.version });
        }
        if (['closed', 'merged'].includes(current.status) && user.role !== 'admin' && user.role !== 'supervisor') {
          throw conflict('工单已办结，不能修改', { status: current.status });
        }
        const changes: Record<string, { from: unknown; to: unknown }> = {};
        const set: Partial<typeof tickets.$inferInsert> = {};
        for (const k of EDITABLE) {
          const v = body[k];
          if (v === undefined || v === current[k]) continue;
          changes[k] = { from: current[k], to: v };
          Object.assign(set, { [k]: v });
        }
        if (Object.keys(changes).length === 0) return;
        if (set.title !== undefined || set.content !== undefined || set.address !== undefined) {
          set.searchText = ticketSearchText(
            set.title ?? current.title,
            set.content ?? current.content,
            set.address ?? current.address,
          );
        }
        await tx
          .update(tickets)
          .set({ ...set, updatedAt: now, version: sql`${tickets.version} + 1` })
          .where(and(eq(tickets.id, id)));
        await recordEvent(tx, {
          ticketId: id,
          action: 'ticket.updated',
          at: now,
          actorId: user.id,
          payload: { changes },
          requestId: c.get('requestId'),
        });
      });
      return c.json(await loadVisibleTicket(deps.db, user, id), 200);
    });
  }
}
