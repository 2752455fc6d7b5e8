import { createRoute, z } from '@hono/zod-openapi';
import { reopenTicket } from '../../services/followup/reopen.ts';
import {
  followupSettingsSchema,
  loadFollowupSettings,
  saveFollowupSettings,
} from '../../services/followup/settings.ts';
import { requireRole, STAFF_ROLES } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { rowId } from '../lib/ids.ts';

const settingsSchema = followupSettingsSchema;
const patchSchema = followupSettingsSchema.partial().strict();

const getRoute = createRoute({
  method: 'get',
  path: '/api/followup/settings',
  tags: ['followup'],
  summary: '回访与通知设置（静默时段、回访时限、联系不上重试、归档期限……）',
  security: [{ bearer: [] }],
  responses: {
    200: { description: 'settings', content: { 'application/json': { schema: settingsSchema } } },
    ...errorResponses,
  },
});
const putRoute = createRoute({
  method: 'put',
  path: '/api/followup/settings',
  tags: ['followup'],
  summary: '修改回访与通知设置（只改提交的项）',
  security: [{ bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: patchSchema } } } },
  responses: {
    200: { description: 'settings', content: { 'application/json': { schema: settingsSchema } } },
    ...errorResponses,
  },
});

const reopenBody = z.object({
  ticketId: rowId,
  repeatTicketId: rowId.nullable().optional(),
  reason: z.string().trim().min(2, '请写明重新开启的原因').max(1000),
});
const reopenRoute = createRoute({
  method: 'post',
  path: '/api/followup/reopen',
  tags: ['followup'],
  summary: '重新开启已办结工单（市民 30 天内就同一事项再次来电，作为重复件并入原单）',
  security: [{ bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: reopenBody } } } },
  responses: {
    200: {
      description: 'reopened',
      content: { 'application/json': { schema: z.object({ ticketId: z.number(), ticketNo: z.string() }) } },
    },
    ...errorResponses,
  },
});

export function registerFollowup(app: App) {
  app.openapi(getRoute, async (c) => {
    requireRole(c, ...STAFF_ROLES);
    return c.json(await loadFollowupSettings(c.get('deps').db), 200);
  });
  app.openapi(putRoute, async (c) => {
    const user = requireRole(c, 'admin');
    const deps = c.get('deps');
    await saveFollowupSettings(deps.db, c.req.valid('json'), user.id, deps.clock.now());
    return c.json(await loadFollowupSettings(deps.db), 200);
  });
  app.openapi(reopenRoute, async (c) => {
    const user = requireRole(c, 'agent', 'dispatcher', 'supervisor');
    const deps = c.get('deps');
    const b = c.req.valid('json');
    const out = await deps.db.transaction((tx) =>
      reopenTicket(
        tx,
        deps,
        {
          ticketId: b.ticketId,
          repeatTicketId: b.repeatTicketId,
          reason: b.reason,
          actor: { id: user.id, kind: 'user', requestId: c.get('requestId') },
        },
        deps.clock.now(),
      ),
    );
    return c.json(out, 200);
  });
}
