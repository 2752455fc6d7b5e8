import { createRoute, z } from '@hono/zod-openapi';
import { runDispatchTx } from '../../services/dispatch/effects.ts';
import { closeSupervision, escalateSupervision } from '../../services/dispatch/supervision.ts';
import { userActor } from '../../services/dispatch/types.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { caseIdParam, supervisionSchema } from './schemas.ts';
import { loadCaseView } from './view.ts';

const escalate = createRoute({
  method: 'post',
  path: '/api/supervision/{id}/escalate',
  tags: ['supervision'],
  summary: '升级督办（至承办单位负责人）',
  security: [{ bearer: [] }],
  request: {
    params: caseIdParam,
    body: {
      required: false,
      content: { 'application/json': { schema: z.object({ note: z.string().trim().max(1000).optional() }) } },
    },
  },
  responses: {
    200: { description: 'escalated', content: { 'application/json': { schema: supervisionSchema } } },
    ...errorResponses,
  },
});

const close = createRoute({
  method: 'post',
  path: '/api/supervision/{id}/close',
  tags: ['supervision'],
  summary: '督办结案',
  security: [{ bearer: [] }],
  request: {
    params: caseIdParam,
    body: {
      required: true,
      content: {
        'application/json': { schema: z.object({ resultNote: z.string().trim().min(1, '请填写督办结果').max(2000) }) },
      },
    },
  },
  responses: {
    200: { description: 'closed', content: { 'application/json': { schema: supervisionSchema } } },
    ...errorResponses,
  },
});

export function registerSupervisionActions(app: App) {
  app.openapi(escalate, async (c) => {
    const user = requireRole(c, 'supervisor');
    const { id } = c.req.valid('param');
    const note = c.req.valid('json')?.note ?? null;
    const deps = c.get('deps');
    const now = deps.clock.now();
    await runDispatchTx(deps, (tx) =>
      escalateSupervision(tx, deps, { caseId: id, actor: userActor(user, c.get('requestId')), note }, now),
    );
    return c.json(await loadCaseView(deps.db, user, id, deps.clock.now()), 200);
  });
  app.openapi(close, async (c) => {
    const user = requireRole(c, 'supervisor');
    const { id } = c.req.valid('param');
    const { resultNote } = c.req.valid('json');
    const deps = c.get('deps');
    const now = deps.clock.now();
    await runDispatchTx(deps, (tx) =>
      closeSupervision(tx, deps, { caseId: id, resultNote, actor: userActor(user, c.get('requestId')) }, now),
    );
    return c.json(await loadCaseView(deps.db, user, id, deps.clock.now()), 200);
  });
}
