import { z } from '@hono/zod-openapi';
import { and, eq, gte, lt, type SQL } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index.ts';
import type { App } from '../env.ts';
import { isoDates, registerReadRoutes } from '../lib/crud.ts';
import { int4Query } from '../lib/ids.ts';

const auditSchema = z
  .object({
    id: z.number(),
    at: z.string(),
    actorId: z.number().nullable(),
    entity: z.string(),
    entityId: z.string(),
    action: z.string(),
    changes: z.record(z.string(), z.unknown()),
    requestId: z.string().nullable(),
  })
  .openapi('AuditEntry');

const filterSchema = z.object({
  entity: z.string().max(40).optional(),
  entityId: z.coerce.string().max(40).optional(),
  actorId: int4Query.optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});

/** Read-only: the audit trail of reference data, newest first. */
export function registerAudit(app: App) {
  registerReadRoutes(app, {
    resource: 'audit',
    tag: 'audit',
    summary: '操作审计',
    table: auditLog,
    idColumn: auditLog.id,
    rowSchema: auditSchema,
    filterSchema,
    sortable: { id: auditLog.id, at: auditLog.at },
    defaultSort: 'id',
    roles: ['supervisor'],
    where: (f) => {
      const c: Array<SQL | undefined> = [];
      if (f.entity) c.push(eq(auditLog.entity, f.entity));
      if (f.entityId) c.push(eq(auditLog.entityId, f.entityId));
      if (f.actorId) c.push(eq(auditLog.actorId, f.actorId));
      if (f.from) c.push(gte(auditLog.at, f.from));
      if (f.to) c.push(lt(auditLog.at, f.to));
      return and(...c);
    },
    view: (r) => isoDates(r) as z.infer<typeof auditSchema>,
  });
}
