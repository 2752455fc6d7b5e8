import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, count, desc, eq, gte, inArray, lt, type SQL } from 'drizzle-orm';
import { messages } from '../../db/schema/index.ts';
import { MESSAGE_CHANNELS } from '../../domain/vocabulary.ts';
import { requireRole, STAFF_ROLES } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { rowIdQuery } from '../lib/ids.ts';
import { idList, listQuerySchema, parseList, setTotal, stringList } from '../lib/list.ts';
import { MESSAGE_STATUSES, messageSchema, toMessageView } from './schemas.ts';

const filterSchema = z.object({
  id: idList.optional(),
  ticketId: rowIdQuery.optional(),
  contactId: rowIdQuery.optional(),
  status: stringList(MESSAGE_STATUSES).optional(),
  channel: z.enum(MESSAGE_CHANNELS).optional(),
  direction: z.enum(['in', 'out']).optional(),
  template: z.string().trim().max(60).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});

const SORTABLE = {
  id: messages.id,
  createdAt: messages.createdAt,
  status: messages.status,
  notBefore: messages.notBefore,
};

const route = createRoute({
  method: 'get',
  path: '/api/messages',
  tags: ['messages'],
  summary: '短信/邮件记录（按工单、状态筛选；“结果不明”待人工处理的也在这里）',
  security: [{ bearer: [] }],
  request: { query: listQuerySchema.extend(filterSchema.partial().shape).partial() },
  responses: {
    200: { description: 'a page of messages', content: { 'application/json': { schema: z.array(messageSchema) } } },
    ...errorResponses,
  },
});

export function registerList(app: App) {
  app.openapi(route, async (c) => {
    // Units never list citizens' messages: they would see the phone numbers of confidential tickets.
    requireRole(c, ...STAFF_ROLES);
    const deps = c.get('deps');
    const p = parseList(c, filterSchema, Object.keys(SORTABLE), 'id');
    const f = p.filter;
    const conds: Array<SQL | undefined> = [];
    if (f.id) conds.push(inArray(messages.id, f.id));
    if (f.ticketId) conds.push(eq(messages.ticketId, f.ticketId));
    if (f.contactId) conds.push(eq(messages.contactId, f.contactId));
    if (f.status) conds.push(inArray(messages.status, f.status));
    if (f.channel) conds.push(eq(messages.channel, f.channel));
    if (f.direction) conds.push(eq(messages.direction, f.direction));
    if (f.template) conds.push(eq(messages.template, f.template));
    if (f.from) conds.push(gte(messages.createdAt, f.from));
    if (f.to) conds.push(lt(messages.createdAt, f.to));
    const where = and(...conds);
    const col = SORTABLE[p.sort as keyof typeof SORTABLE];
    const [rows, [total]] = await Promise.all([
      deps.readDb
        .select()
        .from(messages)
        .where(where)
        .orderBy(p.order === 'asc' ? asc(col) : desc(col), desc(messages.id))
        .limit(p.end - p.start)
        .offset(p.start),
      deps.readDb.select({ n: count() }).from(messages).where(where),
    ]);
    setTotal(c, 'messages', p.start, rows.length, total?.n ?? 0);
    return c.json(rows.map(toMessageView), 200);
  });
}
