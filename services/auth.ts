import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { sessions, units, users } from '../db/schema/index.ts';
import type { Role } from '../domain/vocabulary.ts';
import { AppError } from './errors.ts';

export const hashPassword = (password: string) => hash(password);

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: number | null;
  unitPath: string | null;
  unitName: string | null;
}

const userColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  unitId: users.unitId,
  unitPath: units.path,
  unitName: units.name,
};

export async function login(
  db: Db,
  username: string,
  password: string,
  now: Date,
  ttlHours: number,
): Promise<{ token: string; expiresAt: Date; user: SessionUser }> {
  const [row] = await db
    .select({ ...userColumns, passwordHash: users.passwordHash, active: users.active })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(eq(users.username, username))
    .limit(1);
  // Same message for unknown user and wrong password: no user enumeration.
  const ok = row?.active && (await verify(row.passwordHash, password).catch(() => false));
  if (!row || !ok) throw new AppError('unauthorized', '用户名或密码错误');
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ttlHours * 3600_000);
  await db.insert(sessions).values({ tokenHash: tokenHash(token), userId: row.id, expiresAt, createdAt: now });
  // Opportunistic clean-up keeps the table small without a scheduled job.
  await db.delete(sessions).where(and(eq(sessions.userId, row.id), lt(sessions.expiresAt, now)));
  const { passwordHash: _h, active: _a, ...user } = row;
  return { token, expiresAt, user };
}

export async function userForToken(db: Db, token: string, now: Date): Promise<SessionUser | null> {
  const [row] = await db
    .select(userColumns)
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(units, eq(units.id, users.unitId))
    .where(and(eq(sessions.tokenHash, tokenHash(token)), gt(sessions.expiresAt, now), eq(users.active, true)))
    .limit(1);
  return row ?? null;
}

export async function logout(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash(token)));
}
