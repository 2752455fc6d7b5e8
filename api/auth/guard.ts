import type { Context } from 'hono';
import type { Role } from '../../domain/vocabulary.ts';
import { AppError, forbidden } from '../../services/errors.ts';
import type { AppEnv, AuthUser } from '../env.ts';

/** First line of every protected handler: who is asking, and may they? Admin may do everything. */
export function requireRole(c: Context<AppEnv>, ...roles: Role[]): AuthUser {
  const user = c.get('user');
  if (!user) throw new AppError('unauthorized', '请先登录');
  if (roles.length && user.role !== 'admin' && !roles.includes(user.role)) {
    throw forbidden(`此操作需要以下角色之一：${roles.join(', ')}`);
  }
  return user;
}

export const STAFF_ROLES: Role[] = ['agent', 'dispatcher', 'supervisor', 'admin'];
