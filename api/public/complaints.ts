import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { normalizePhone } from '../../domain/phone.ts';
import { TICKET_TYPES } from '../../domain/vocabulary.ts';
import { AppError } from '../../services/errors.ts';
import { submitWebComplaint } from '../../services/intake/web.ts';
import type { App } from '../env.ts';
import { errorResponses, errorSchema } from '../errors.ts';
import { rowId } from '../lib/ids.ts';

export const complaintSchema = z
  .object({
    phone: z.string({ error: '请填写手机号码' }).trim().min(3, '请填写手机号码').max(40),
    content: z
      .string({ error: '请填写反映内容' })
      .trim()
      .min(5, '反映内容至少 5 个字')
      .max(5000, '反映内容最多 5000 字'),
    name: z.string().trim().max(50).nullish(),
    email: z.email('邮箱格式不正确').max(200).nullish(),
    title: z.string().trim().max(100).nullish(),
    address: z.string().trim().max(200).nullish(),
    categoryId: rowId.nullish(),
    type: z.enum(TICKET_TYPES).optional(),
    confidential: z.boolean().default(false),
  })
  .openapi('WebComplaint');

const created = z.object({ ticketNo: z.string(), queryCode: z.string() }).openapi('WebComplaintCreated');

const route = createRoute({
  method: 'post',
  path: '/api/public/complaints',
  tags: ['public'],
  summary: '市民网上提交诉求（无需登录）',
  description:
    '按 IP 与手机号限流（超限 429，带 Retry-After）；请求体上限 16 KB。可带 Idempotency-Key 请求头：同一键重复提交返回同一工单。',
  request: { body: { required: true, content: { 'application/json': { schema: complaintSchema } } } },
  responses: {
    201: { description: 'registered', content: { 'application/json': { schema: created } } },
    ...errorResponses,
    413: { description: '请求体过大', content: { 'application/json': { schema: errorSchema } } },
    429: { description: '提交过于频繁', content: { 'application/json': { schema: errorSchema } } },
  },
});

export function registerComplaints(app: App) {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const deps = c.get('deps');
    const phone = normalizePhone(body.phone);
    if (!phone) {
      throw new AppError('validation', '手机号码无效', {
        fields: [{ path: 'phone', message: '不是有效的中国大陆电话号码' }],
      });
    }
    const key = c.req.header('idempotency-key')?.trim();
    if (key && !/^[\w-]{8,100}$/.test(key)) {
      throw new AppError('validation', 'Idempotency-Key 格式不正确', {
        fields: [{ path: 'Idempotency-Key', message: '8–100 位字母、数字、横线或下划线' }],
      });
    }
    // The key is scoped to the phone: another citizen cannot read someone's ticket by guessing a key.
    const sourceKey = `web:${key ? `${phone}:${key}` : randomUUID()}`;
    const out = await submitWebComplaint(
      deps,
      {
        phone,
        content: body.content,
        name: body.name,
        email: body.email,
        title: body.title,
        address: body.address,
        categoryId: body.categoryId,
        type: body.type,
        confidential: body.confidential,
      },
      sourceKey,
    );
    if (!out.created) c.header('Idempotent-Replayed', 'true');
    return c.json({ ticketNo: out.ticket.ticketNo, queryCode: out.ticket.queryCode }, 201);
  });
}
