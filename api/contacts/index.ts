import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import { contacts } from '../../db/schema/index.ts';
import { normalizePhone } from '../../domain/phone.ts';
import { changedFields, recordAudit } from '../../services/audit.ts';
import { notFound } from '../../services/errors.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idParam, isoDates, registerReadRoutes } from '../lib/crud.ts';
import { boolish, idList } from '../lib/list.ts';

const contactSchema = z
  .object({
    id: z.number(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    name: z.string().nullable(),
    smsOptOut: z.boolean(),
    note: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Contact');
type ContactView = z.infer<typeof contactSchema>;

const filterSchema = z.object({
  id: idList.optional(),
  q: z.string().trim().max(50).optional(),
  phone: z.string().trim().max(40).optional(),
  smsOptOut: boolish.optional(),
});

const patchSchema = z
  .object({
    name: z.string().trim().max(50).nullable().optional(),
    email: z.email().max(200).nullable().optional(),
    smsOptOut: z.boolean().optional(),
    note: z.string().trim().max(1000).nullable().optional(),
  })
  .loose();

/** Citizens: staff of the centre only; units never browse citizens. */
export function registerContacts(app: App) {
  registerReadRoutes(app, {
    resource: 'contacts',
    tag: 'contacts',
    summary: '市民',
    table: contacts,
    idColumn: contacts.id,
    rowSchema: contactSchema,
    filterSchema,
    sortable: { id: contacts.id, name: contacts.name, phone: contacts.phone, updatedAt: contacts.updatedAt },
    defaultSort: 'id',
    roles: ['agent', 'dispatcher', 'supervisor'],
    where: (f) => {
      const c: Array<SQL | undefined> = [];
      if (f.id) c.push(inArray(contacts.id, f.id));
      if (f.phone) c.push(eq(contacts.phone, normalizePhone(f.phone) ?? f.phone));
      if (f.q) {
        const phone = normalizePhone(f.q);
        c.push(
          or(
            ilike(contacts.name, `%${f.q}%`),
            ilike(contacts.email, `%${f.q}%`),
            phone ? eq(contacts.phone, phone) : undefined,
          ),
        );
      }
      if (f.smsOptOut !== undefined) c.push(eq(contacts.smsOptOut, f.smsOptOut));
      return and(...c);
    },
    view: (r) => isoDates(r) as ContactView,
  });

  for (const method of ['put', 'patch'] as const) {
    const update = createRoute({
      method,
      path: '/api/contacts/{id}',
      tags: ['contacts'],
      summary: '修改市民资料（姓名、邮箱、短信退订、备注）',
      security: [{ bearer: [] }],
      request: { params: idParam, body: { required: true, content: { 'application/json': { schema: patchSchema } } } },
      responses: {
        200: { description: 'updated', content: { 'application/json': { schema: contactSchema } } },
        ...errorResponses,
      },
    });
    app.openapi(update, async (c) => {
      const actor = requireRole(c, 'agent', 'dispatcher', 'supervisor');
      const { id } = c.req.valid('param');
      const { name, email, smsOptOut, note } = c.req.valid('json');
      const row = await c.get('deps').db.transaction(async (tx) => {
        const [before] = await tx.select().from(contacts).where(eq(contacts.id, id)).for('update');
        if (!before) throw notFound('市民');
        const [after] = await tx
          .update(contacts)
          .set({ name, email: email?.toLowerCase() ?? email, smsOptOut, note, updatedAt: c.get('deps').clock.now() })
          .where(eq(contacts.id, id))
          .returning();
        if (!after) throw notFound('市民');
        await recordAudit(
          tx,
          { actorId: actor.id, requestId: c.get('requestId') },
          { entity: 'contact', entityId: id, action: 'update', changes: changedFields(before, after) },
        );
        return after;
      });
      return c.json(isoDates(row), 200);
    });
  }
}
