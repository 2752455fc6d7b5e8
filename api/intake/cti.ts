import { timingSafeEqual } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { AppError } from '../../services/errors.ts';
import { callerProfile, recordCallEvent } from '../../services/intake/calls.ts';
import { publishMissedCall, publishScreenPop } from '../../services/intake/screenPop.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { isoDates } from '../lib/crud.ts';
import { callerSchema, callSchema, ctiEventSchema, parseBody } from './schemas.ts';

const responseSchema = z.object({
  ok: z.literal(true),
  duplicate: z.boolean().openapi({ description: '同一 (callId, event) 重复投递：未做任何更改' }),
  call: callSchema,
  caller: callerSchema.optional().openapi({ description: 'newCall 时返回：来电人档案、未办结与近期工单' }),
});

const route = createRoute({
  method: 'post',
  path: '/api/intake/cti',
  tags: ['intake'],
  summary: '话务平台（CTI/PBX）呼叫事件：newCall / answer / hangup',
  description:
    '以请求头 X-CTI-Token（配置 CTI_TOKEN）鉴权。按 (callId, event) 幂等；乱序到达（先挂机后应答）仍得到正确的通话记录。' +
    'newCall 返回来电人档案；answer 向应答分机对应的话务员推送弹屏（GET /api/stream）。',
  request: { body: { required: true, content: { 'application/json': { schema: ctiEventSchema } } } },
  responses: {
    200: {
      description: 'event stored (or already stored)',
      content: { 'application/json': { schema: responseSchema } },
    },
    ...errorResponses,
    503: errorResponses[401],
  },
});

function tokenMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function registerCti(app: App) {
  // The secret is checked before the body is read: the handler validates, not the OpenAPI hook.
  app.post('/api/intake/cti', async (c) => {
    const deps = c.get('deps');
    const expected = deps.config.CTI_TOKEN;
    if (!expected) throw new AppError('unavailable', 'CTI 接口未启用：未配置 CTI_TOKEN');
    if (!tokenMatches(expected, c.req.header('x-cti-token'))) {
      throw new AppError('unauthorized', 'X-CTI-Token 缺失或不正确');
    }
    const body = parseBody(
      ctiEventSchema,
      await c.req.json().catch(() => {
        throw new AppError('bad_request', '请求体不是合法的 JSON');
      }),
    );
    const out = await recordCallEvent(deps, {
      event: body.event,
      callId: body.callId,
      from: body.from,
      to: body.to,
      direction: body.direction,
      queue: body.queue,
      answeringNumber: body.answeringNumber,
      cause: body.cause,
      recordingUrl: body.recordingUrl,
      at: body.at ? new Date(body.at) : undefined,
    });
    if (!out.duplicate) {
      if (body.event === 'answer' && out.agentId !== null) {
        await publishScreenPop(deps, out.call, out.agentId).catch((err: unknown) =>
          deps.logger.warn({ err, callId: body.callId }, 'screen pop failed'),
        );
      }
      if (out.missedCallCreated) {
        await publishMissedCall(deps, out.call).catch((err: unknown) =>
          deps.logger.warn({ err }, 'bus publish failed'),
        );
      }
    }
    const caller =
      body.event === 'newCall' ? await callerProfile(deps.db, out.call.phone, deps.clock.now()) : undefined;
    return c.json(
      { ok: true as const, duplicate: out.duplicate, call: isoDates(out.call), ...(caller ? { caller } : {}) },
      200,
    );
  });
  // Documented in the OpenAPI description; served by the plain handler above.
  app.openAPIRegistry.registerPath(route);
}
