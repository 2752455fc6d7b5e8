import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import type { Executor } from '../../db/client.ts';
import { revisits } from '../../db/schema/index.ts';
import { REVISIT_RESULTS } from '../../domain/followup/revisit.ts';
import type { Role } from '../../domain/vocabulary.ts';
import { runDispatchTx } from '../../services/dispatch/index.ts';
import { type DispatchActor, userActor } from '../../services/dispatch/types.ts';
import { notFound } from '../../services/errors.ts';
import { confirmRehandle, ruleUnreasonable } from '../../services/followup/decisions.ts';
import { claimRevisit, recordRevisitResult } from '../../services/followup/revisits.ts';
import { requireRole } from '../auth/guard.ts';
import type { App, AppEnv } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { rowId } from '../lib/ids.ts';
import { REVISIT_ROLES, revisitIdParam, revisitSchema, revisitSelect, toRevisitView } from './schemas.ts';

const reply = { 200: { description: 'the revisit', content: { 'application/json': { schema: revisitSchema } } } };

/** One transaction (retried on deadlock, effects flushed after commit), then the revisit as it now is. */
async function act(
  c: Context<AppEnv>,
  roles: Role[],
  id: number,
  fn: (tx: Executor, actor: DispatchActor, now: Date) => Promise<unknown>,
) {
  const user = requireRole(c, ...roles);
  const deps = c.get('deps');
  const actor = userActor(user, c.get('requestId'));
  const now = deps.clock.now();
  await runDispatchTx(deps, (tx) => fn(tx, actor, now));
  const [row] = await revisitSelect(deps.db).where(eq(revisits.id, id));
  if (!row) throw notFound('回访');
  return toRevisitView(row, deps.clock.now());
}

const resultBody = z.object({
  result: z.enum(REVISIT_RESULTS).openapi({
    description: 'satisfied 满意 | basically_satisfied 基本满意 | dissatisfied 不满意 | unreachable 联系不上',
  }),
  comment: z.string().trim().max(1000).nullable().optional(),
  unitId: rowId.optional().openapi({ description: '不满意时重办单位（默认原承办单位）' }),
});
const ruleBody = z.object({ reason: z.string().trim().min(2, '请写明裁定理由').max(1000) });
const rehandleBody = z.object({
  unitId: rowId.optional(),
  reason: z.string().trim().max(1000).nullable().optional(),
});

const resultRoute = createRoute({
  method: 'post',
  path: '/api/revisits/{id}/result',
  tags: ['revisits'],
  summary: '记录电话回访结果（联系不上按计划重试，满 3 次以“联系不上”办结；不满意转重办）',
  security: [{ bearer: [] }],
  request: {
    params: revisitIdParam,
    body: { required: true, content: { 'application/json': { schema: resultBody } } },
  },
  responses: { ...reply, ...errorResponses },
});
const ruleRoute = createRoute({
  method: 'post',
  path: '/api/revisits/{id}/rule',
  tags: ['revisits'],
  summary: '督办裁定不满意不合理（写明理由）：撤回重办派单，工单办结',
  security: [{ bearer: [] }],
  request: { params: revisitIdParam, body: { required: true, content: { 'application/json': { schema: ruleBody } } } },
  responses: { ...reply, ...errorResponses },
});
const rehandleRoute = createRoute({
  method: 'post',
  path: '/api/revisits/{id}/rehandle',
  tags: ['revisits'],
  summary: '确认重办（待决定的不满意回访；可改派其他单位）',
  security: [{ bearer: [] }],
  request: {
    params: revisitIdParam,
    body: { required: true, content: { 'application/json': { schema: rehandleBody } } },
  },
  responses: { ...reply, ...errorResponses },
});
const claimRoute = createRoute({
  method: 'post',
  path: '/api/revisits/{id}/claim',
  tags: ['revisits'],
  summary: '领取电话回访（避免两名话务员同时拨打同一市民）',
  security: [{ bearer: [] }],
  request: { params: revisitIdParam },
  responses: { ...reply, ...errorResponses },
});

export function registerActions(app: App) {
  app.openapi(resultRoute, async (c) => {
    const { id } = c.req.valid('param');
    const b = c.req.valid('json');
    const deps = c.get('deps');
    const view = await act(c, [...REVISIT_ROLES], id, (tx, actor, now) =>
      recordRevisitResult(
        tx,
        deps,
        { revisitId: id, result: b.result, comment: b.comment, via: 'phone', actor, unitId: b.unitId },
        now,
      ),
    );
    return c.json(view, 200);
  });
  app.openapi(ruleRoute, async (c) => {
    const { id } = c.req.valid('param');
    const b = c.req.valid('json');
    const deps = c.get('deps');
    const view = await act(c, ['supervisor'], id, (tx, actor, now) =>
      ruleUnreasonable(tx, deps, { revisitId: id, reason: b.reason, actor }, now),
    );
    return c.json(view, 200);
  });
  app.openapi(rehandleRoute, async (c) => {
    const { id } = c.req.valid('param');
    const b = c.req.valid('json');
    const deps = c.get('deps');
    const view = await act(c, ['dispatcher', 'supervisor'], id, (tx, actor, now) =>
      confirmRehandle(tx, deps, { revisitId: id, unitId: b.unitId, reason: b.reason, actor }, now),
    );
    return c.json(view, 200);
  });
  app.openapi(claimRoute, async (c) => {
    const { id } = c.req.valid('param');
    const view = await act(c, [...REVISIT_ROLES], id, (tx, actor, now) => claimRevisit(tx, id, actor.id ?? 0, now));
    return c.json(view, 200);
  });
}
