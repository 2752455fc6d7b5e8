import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Role } from '../domain/vocabulary.ts';
import type { Deps } from '../services/deps.ts';

export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: number | null;
  /** Materialised path of the user's unit ("/1/4/"); scope checks match descendants by prefix. */
  unitPath: string | null;
  unitName: string | null;
}

export interface AppEnv {
  Variables: {
    deps: Deps;
    user: AuthUser;
    requestId: string;
  };
}

export type App = OpenAPIHono<AppEnv>;
