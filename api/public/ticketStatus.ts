import { createRoute, z } from '@hono/zod-openapi';
import { publicTicketStatus } from '../../services/intake/publicStatus.ts';
import type { App } from '../env.ts';
import { errorResponses, errorSchema } from '../errors.ts';

const statusSchema = z
  .object({
    ticketNo: z.string(),
    status: z.string(),
    statusLabel: z.string(),
    channel: z.string(),
    channelLabel: z.string(),
    type: z.string(),
    typeLabel: z.string(),
    title: z.string(),
    createdAt: z.string(),
    closedAt: z.string().nullable(),
    timeline: z.array(z.object({ at: z.string(), label: z.string() })),
    reply: z.string().nullable(),
  })
  .openapi('PublicTicketStatus');

const route = createRoute({
  method: 'get',
  path: '/api/public/tickets/{ticketNo}',
  tags: ['public'],
  summary: '市民凭工单号与查询码查询办理进度（无需登录）',
  request: {
    params: z.object({
      ticketNo: z
        .string()
        .regex(/^\d{14}$/, '工单号为 14 位数字')
        .openapi({ param: { name: 'ticketNo', in: 'path' }, example: '20261123000001' }),
    }),
    query: z.object({
      code: z
        .string({ error: '请填写查询码' })
        .trim()
        .min(4, '请填写查询码')
        .max(12)
        .openapi({ param: { name: 'code', in: 'query' }, example: 'K7M2QX' }),
    }),
  },
  responses: {
    200: { description: 'status for the citizen', content: { 'application/json': { schema: statusSchema } } },
    ...errorResponses,
    429: { description: '查询过于频繁', content: { 'application/json': { schema: errorSchema } } },
  },
});

export function registerTicketStatus(app: App) {
  app.openapi(route, async (c) => {
    const { ticketNo } = c.req.valid('param');
    const { code } = c.req.valid('query');
    c.header('Cache-Control', 'no-store');
    return c.json(await publicTicketStatus(c.get('deps'), ticketNo, code), 200);
  });
}
