import { eq } from 'drizzle-orm';
import type { UnitKind } from '../../domain/vocabulary.ts';
import { hashPassword } from '../../services/auth.ts';
import type { Db, Executor } from '../client.ts';
import { categories, units, users } from '../schema/index.ts';
import { CATEGORY_TREE, CENTRE, DEPARTMENTS, DISTRICTS } from './cityData.ts';

async function addUnit(
  tx: Executor,
  code: string,
  name: string,
  kind: UnitKind,
  parent: { id: number; path: string } | null,
) {
  const [row] = await tx
    .insert(units)
    .values({ code, name, kind, parentId: parent?.id ?? null })
    .returning({ id: units.id });
  if (!row) throw new Error(`unit ${code} not inserted`);
  const path = `${parent?.path ?? '/'}${row.id}/`;
  await tx.update(units).set({ path }).where(eq(units.id, row.id));
  return { id: row.id, path, code };
}

export interface ReferenceIds {
  centreId: number;
  unitByCode: Map<string, number>;
  /** category full name leaf → id */
  leafIds: Map<string, number>;
  userByName: Map<string, number>;
}

/** Units, categories and demo users: what every installation needs to be explored, and every test to log in. */
export async function seedReference(db: Db, password: string): Promise<ReferenceIds> {
  const pwHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const unitByCode = new Map<string, number>();
    const centre = await addUnit(tx, CENTRE.code, CENTRE.name, 'centre', null);
    unitByCode.set(centre.code, centre.id);
    for (const [code, name] of DEPARTMENTS)
      unitByCode.set(code, (await addUnit(tx, code, name, 'department', centre)).id);
    for (const d of DISTRICTS) {
      const district = await addUnit(tx, d.code, d.name, 'district', centre);
      unitByCode.set(d.code, district.id);
      for (const s of d.streets) {
        const street = await addUnit(tx, s.code, s.name, 'street', district);
        unitByCode.set(s.code, street.id);
        for (const [i, c] of s.communities.entries()) {
          const code = `${s.code}${String(i + 1).padStart(2, '0')}`;
          unitByCode.set(code, (await addUnit(tx, code, c, 'community', street)).id);
        }
      }
    }

    const leafIds = new Map<string, number>();
    let order = 0;
    for (const top of CATEGORY_TREE) {
      const [t] = await tx
        .insert(categories)
        .values({ code: top.code, name: top.name, fullName: top.name, isLeaf: false, sortOrder: order++ })
        .returning({ id: categories.id });
      if (!t) throw new Error('category');
      await tx
        .update(categories)
        .set({ path: `/${t.id}/` })
        .where(eq(categories.id, t.id));
      for (const mid of top.children) {
        const midFull = `${top.name} › ${mid.name}`;
        const [m] = await tx
          .insert(categories)
          .values({
            code: `${top.code}-${mid.code}`,
            name: mid.name,
            fullName: midFull,
            parentId: t.id,
            isLeaf: false,
            sortOrder: order++,
          })
          .returning({ id: categories.id });
        if (!m) throw new Error('category');
        await tx
          .update(categories)
          .set({ path: `/${t.id}/${m.id}/` })
          .where(eq(categories.id, m.id));
        for (const [i, leaf] of mid.leaves.entries()) {
          const [l] = await tx
            .insert(categories)
            .values({
              code: `${top.code}-${mid.code}-${String(i + 1).padStart(2, '0')}`,
              name: leaf.name,
              fullName: `${midFull} › ${leaf.name}`,
              parentId: m.id,
              isLeaf: true,
              defaultType: leaf.type,
              handleDays: leaf.days,
              keywords: leaf.name,
              sortOrder: order++,
            })
            .returning({ id: categories.id });
          if (!l) throw new Error('category');
          await tx
            .update(categories)
            .set({ path: `/${t.id}/${m.id}/${l.id}/` })
            .where(eq(categories.id, l.id));
          leafIds.set(leaf.name, l.id);
        }
      }
    }

    const people: Array<Omit<typeof users.$inferInsert, 'passwordHash'>> = [
      { username: 'admin', displayName: '系统管理员', role: 'admin', unitId: centre.id },
      { username: 'agent1', displayName: '话务员 张敏', role: 'agent', unitId: centre.id, extension: '8001' },
      { username: 'agent2', displayName: '话务员 李娜', role: 'agent', unitId: centre.id, extension: '8002' },
      { username: 'dispatcher1', displayName: '派单员 王强', role: 'dispatcher', unitId: centre.id },
      { username: 'supervisor1', displayName: '督办 陈静', role: 'supervisor', unitId: centre.id },
      { username: 'clerk1', displayName: '窗口 刘洋', role: 'window_clerk', unitId: unitByCode.get('XSJ') ?? null },
    ];
    for (const [code, id] of unitByCode) {
      if (code === CENTRE.code) continue;
      people.push({ username: code.toLowerCase(), displayName: `${code} 承办人`, role: 'unit_staff', unitId: id });
    }
    const inserted = await tx
      .insert(users)
      .values(people.map((p) => ({ ...p, passwordHash: pwHash })))
      .returning({ id: users.id, username: users.username });
    const userByName = new Map(inserted.map((u) => [u.username, u.id]));
    return { centreId: centre.id, unitByCode, leafIds, userByName };
  });
}
