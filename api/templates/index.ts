import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import { messageTemplates } from '../../db/schema/index.ts';
import { MESSAGE_CHANNELS } from '../../domain/vocabulary.ts';
import { createTemplate, deleteTemplate, updateTemplate } from '../../services/followup/templates.ts';
import { requireRole, STAFF_ROLES } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idParam, isoDates, registerReadRoutes } from '../lib/crud.ts';
import { boolish, idList } from '../lib/list.ts';
import { registerPreview } from './preview.ts';

const templateSchema = z
  .object({
    id: z.number(),
    code: z.string(),
    channel: z.enum(MESSAGE_CHANNELS),
    name: z.string(),
    subject: z.string().nullable(),
    body: z.string(),
    confidentialBody: z.string().nullable(),
    urgent: z.boolean(),
    active: z.boolean(),
    updatedById: z.number().nullable(),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('MessageTemplate');

const filterSchema = z.object({
  id: idList.optional(),
  q: z.string().trim().max(50).optional(),
  code: z.string().trim().max(60).optional(),
  channel: z.enum(MESSAGE_CHANNELS).optional(),
  active: boolish.optional(),
});

const text = (max: number) => z.string().trim().min(1).max(max);
const inputSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_.]{2,59}$/, '小写字母开头，3–60 位小写字母、数字、点或下划线'),
  channel: z.enum(MESSAGE_CHANNELS),
  name: text(100),
  subject: z.string().trim().max(200).nullable().optional(),
  body: text(2000),
  confidentialBody: z.string().trim().max(500).nullable().optional(),
  urgent: z.boolean().optional(),
  active: z.boolean().optional(),
});
const patchSchema = inputSchema.omit({ code: true, channel: true }).partial();

export function registerTemplates(app: App) {
  registerPreview(app);
  registerReadRoutes(app, {
    resource: 'templates',
    tag: 'templates',
    summary: '消息模板',
    table: messageTemplates,
    idColumn: messageTemplates.id,
    rowSchema: templateSchema,
    filterSchema,
    sortable: { id: messageTemplates.id, code: messageTemplates.code, channel: messageTemplates.channel },
    defaultSort: 'code',
    defaultOrder: 'asc',
    roles: STAFF_ROLES,
    where: (f) => {
      const c: Array<SQL | undefined> = [];
      if (f.id) c.push(inArray(messageTemplates.id, f.id));
      if (f.q) c.push(or(ilike(messageTemplates.name, `%${f.q}%`), ilike(messageTemplates.code, `%${f.q}%`)));
      if (f.code) c.push(eq(messageTemplates.code, f.code));
      if (f.channel) c.push(eq(messageTemplates.channel, f.channel));
      if (f.active !== undefined) c.push(eq(messageTemplates.active, f.active));
      return and(...c);
    },
    view: (r) => isoDates(r) as z.infer<typeof templateSchema>,
  });

  const create = createRoute({
    method: 'post',
    path: '/api/templates',
    tags: ['templates'],
    summary: '新增消息模板（变量 {ticketNo} 等；保密件短信只能用不泄露内容的变量）',
    security: [{ bearer: [] }],
    request: { body: { required: true, content: { 'application/json': { schema: inputSchema } } } },
    responses: {
      201: { description: 'created', content: { 'application/json': { schema: templateSchema } } },
      ...errorResponses,
    },
  });
  app.openapi(create, async (c) => {
    const user = requireRole(c, 'admin');
    const deps = c.get('deps');
    const row = await createTemplate(deps.db, c.req.valid('json'), user.id, deps.clock.now());
    return c.json(isoDates(row), 201);
  });

  for (const method of ['put', 'patch'] as const) {
    const update = createRoute({
      method,
      path: '/api/templates/{id}',
      tags: ['templates'],
      summary: '修改消息模板',
      security: [{ bearer: [] }],
      request: {
        params: idParam,
        body: { required: true, content: { 'application/json': { schema: patchSchema.loose() } } },
      },
      responses: {
        200: { description: 'updated', content: { 'application/json': { schema: templateSchema } } },
        ...errorResponses,
      },
    });
    app.openapi(update, async (c) => {
      const user = requireRole(c, 'admin');
      const { id } = c.req.valid('param');
      const { name, subject, body, confidentialBody, urgent, active } = c.req.valid('json');
      const deps = c.get('deps');
      const row = await updateTemplate(
        deps.db,
        id,
        { name, subject, body, confidentialBody, urgent, active },
        user.id,
        deps.clock.now(),
      );
      return c.json(isoDates(row), 200);
    });
  }

  const remove = createRoute({
    method: 'delete',
    path: '/api/templates/{id}',
    tags: ['templates'],
    summary: '删除消息模板（内置模板恢复为默认文本）',
    security: [{ bearer: [] }],
    request: { params: idParam },
    responses: {
      200: { description: 'deleted', content: { 'application/json': { schema: templateSchema } } },
      ...errorResponses,
    },
  });
  app.openapi(remove, async (c) => {
    requireRole(c, 'admin');
    const { id } = c.req.valid('param');
    const row = await deleteTemplate(c.get('deps').db, id);
    return c.json(isoDates(row), 200);
  });
}
