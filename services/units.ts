import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { units } from '../db/schema/index.ts';
import type { UnitKind } from '../domain/vocabulary.ts';
import { type AuditCtx, changedFields, recordAudit } from './audit.ts';
import { AppError, conflict, notFound } from './errors.ts';
import { isUniqueViolation } from './tickets.ts';

export type Unit = typeof units.$inferSelect;

export interface UnitInput {
  code: string;
  name: string;
  kind: UnitKind;
  parentId?: number | null;
  active?: boolean;
  phone?: string | null;
  leaderName?: string | null;
}

async function parentPath(db: Db, parentId: number | null | undefined): Promise<string> {
  if (!parentId) return '/';
  const [p] = await db.select({ path: units.path }).from(units).where(eq(units.id, parentId));
  if (!p)
    throw new AppError('validation', '上级单位不存在', { fields: [{ path: 'parentId', message: '上级单位不存在' }] });
  return p.path;
}

export async function createUnit(db: Db, input: UnitInput, audit: AuditCtx): Promise<Unit> {
  const prefix = await parentPath(db, input.parentId);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(units)
        .values({ ...input, code: input.code.toUpperCase() })
        .returning();
      if (!row) throw new AppError('internal', 'unit insert returned nothing');
      const [done] = await tx
        .update(units)
        .set({ path: `${prefix}${row.id}/` })
        .where(eq(units.id, row.id))
        .returning();
      await recordAudit(tx, audit, { entity: 'unit', entityId: row.id, action: 'create', changes: { ...input } });
      return done ?? row;
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw conflict(`单位代码 ${input.code} 已存在`, { fields: [{ path: 'code', message: '代码已存在' }] });
    throw err;
  }
}

/** Moving a unit rewrites its subtree's paths in one statement, so scope checks stay exact. */
export async function updateUnit(
  db: Db,
  id: number,
  patch: Partial<Omit<UnitInput, 'code'>>,
  audit: AuditCtx,
): Promise<Unit> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(units).where(eq(units.id, id)).for('update');
    if (!current) throw notFound('单位');
    if (patch.parentId !== undefined && patch.parentId !== current.parentId) {
      const newPrefix = await parentPath(tx as unknown as Db, patch.parentId);
      if (newPrefix.startsWith(current.path)) {
        throw new AppError('validation', '不能把单位移到它自己的下级', {
          fields: [{ path: 'parentId', message: '会形成环' }],
        });
      }
      const newPath = `${newPrefix}${id}/`;
      await tx.execute(sql`update units set path = ${newPath} || substr(path, ${current.path.length + 1})
        where path like ${`${current.path}%`}`);
    }
    const [row] = await tx
      .update(units)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(units.id, id))
      .returning();
    if (!row) throw notFound('单位');
    await recordAudit(tx, audit, {
      entity: 'unit',
      entityId: id,
      action: 'update',
      changes: changedFields(current, row),
    });
    return row;
  });
}
