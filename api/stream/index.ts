import { createRoute, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { BusMessage } from '../../services/bus.ts';
import { requireRole } from '../auth/guard.ts';
import type { App, AuthUser } from '../env.ts';
import { errorResponses } from '../errors.ts';

export const HEARTBEAT_MS = 25_000;

/** The audiences a console user listens to: themselves, their unit, their role, everyone. */
export function audiencesOf(user: Pick<AuthUser, 'id' | 'role' | 'unitId'>): Set<string> {
  const a = new Set([`user:${user.id}`, `role:${user.role}`, 'all']);
  if (user.unitId !== null) a.add(`unit:${user.unitId}`);
  return a;
}

const route = createRoute({
  method: 'get',
  path: '/api/stream',
  tags: ['stream'],
  summary: '实时推送（Server-Sent Events）：来电弹屏、新工单、未接来电等',
  description:
    'EventSource 不能带请求头：以 ?access_token=<令牌> 登录。每条消息的 event 为主题（如 call.screen_pop），data 为 JSON。' +
    '只推送发给本人（user:<id>）、本单位（unit:<id>）、本角色（role:<role>）或全体（all）的消息。可用 ?topics=a,b 只订阅部分主题。',
  security: [{ bearer: [] }],
  request: {
    query: z.object({
      access_token: z.string().optional(),
      topics: z.string().optional().openapi({ example: 'call.screen_pop,ticket.created' }),
    }),
  },
  responses: {
    200: { description: 'an event stream', content: { 'text/event-stream': { schema: z.string() } } },
    ...errorResponses,
  },
});

export function registerStream(app: App) {
  app.get('/api/stream', (c) => {
    const user = requireRole(c);
    const deps = c.get('deps');
    const audiences = audiencesOf(user);
    const topics = c.req
      .query('topics')
      ?.split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    const wanted = topics?.length ? new Set(topics) : null;
    return streamSSE(c, async (stream) => {
      let seq = 0;
      // Writes are chained so messages keep their order even when the client reads slowly.
      let chain: Promise<void> = Promise.resolve();
      const send = (event: string, data: unknown) => {
        chain = chain.then(() => stream.writeSSE({ event, data: JSON.stringify(data), id: String(++seq) }));
        return chain;
      };
      const unsubscribe = deps.bus.subscribe((msg: BusMessage) => {
        if (wanted && !wanted.has(msg.topic)) return;
        if (!msg.audience.some((a) => audiences.has(a))) return;
        void send(msg.topic, msg.data);
      });
      const heartbeat = setInterval(() => {
        chain = chain.then(() => stream.write(': ping\n\n').then(() => undefined));
      }, HEARTBEAT_MS);
      heartbeat.unref();
      const closed = new Promise<void>((resolve) => stream.onAbort(resolve));
      try {
        await send('ready', { userId: user.id, audiences: [...audiences] });
        await closed;
      } finally {
        clearInterval(heartbeat);
        unsubscribe();
      }
    });
  });
  app.openAPIRegistry.registerPath(route);
}
