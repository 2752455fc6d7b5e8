import { createRoute, z } from '@hono/zod-openapi';
import { linkRepeatManually, unlinkRepeat } from '../../services/intake/repeats.ts';
import { loadVisibleTicket } from '../../services/ticketAccess.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { rowId } from '../lib/ids.ts';
import { idParam, ticketSchema } from '../tickets/schemas.ts';

const linkSchema = z.object({ originalId: rowId });
const unlinkSchema = z.object({ reason: z.string().trim().min(1, '请说明解除原因').max(500) });

const link = createRoute({
  method: 'post',
  path: '/api/tickets/{id}/repeat-of',
  tags: ['intake'],
  summary: '关联为重复件（原工单在办时本单并入、不再派单）',
  security: [{ bearer: [] }],
  request: { params: idParam, body: { required: true, content: { 'application/json': { schema: linkSchema } } } },
  responses: {
    200: { description: 'linked', content: { 'application/json': { schema: ticketSchema } } },
    ...errorResponses,
  },
});

const unlink = createRoute({
  method: 'delete',
  path: '/api/tickets/{id}/repeat-of',
  tags: ['intake'],
  summary: '解除重复件关联（并入的工单回到待派单）',
  security: [{ bearer: [] }],
  request: { params: idParam, body: { required: true, content: { 'application/json': { schema: unlinkSchema } } } },
  responses: {
    200: { description: 'unlinked', content: { 'application/json': { schema: ticketSchema } } },
    ...errorResponses,
  },
});

export function registerRepeatLink(app: App) {
  app.openapi(link, async (c) => {
    const user = requireRole(c, 'agent', 'dispatcher', 'supervisor');
    const { id } = c.req.valid('param');
    const { originalId } = c.req.valid('json');
    const deps = c.get('deps');
    await loadVisibleTicket(deps.db, user, id);
    const actor = { id: user.id, kind: 'user' as const, requestId: c.get('requestId') };
    await deps.db.transaction((tx) => linkRepeatManually(tx, id, originalId, actor, deps.clock.now()));
    return c.json(await loadVisibleTicket(deps.db, user, id), 200);
  });

  app.openapi(unlink, async (c) => {
    const user = requireRole(c, 'dispatcher', 'supervisor');
    const { id } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    const deps = c.get('deps');
    await loadVisibleTicket(deps.db, user, id);
    const actor = { id: user.id, kind: 'user' as const, requestId: c.get('requestId') };
    await deps.db.transaction((tx) => unlinkRepeat(tx, id, actor, reason, deps.clock.now()));
    return c.json(await loadVisibleTicket(deps.db, user, id), 200);
  });
}
