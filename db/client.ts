import { mkdirSync } from 'node:fs';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** Either driver: postgres.js in tests/production, PGlite for the zero-setup default. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything that can run a query: the database or an open transaction. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  /** Reports and exports read here (DATABASE_READ_URL); same as db when unset. */
  readDb: Db;
  kind: 'postgres' | 'pglite';
  /** Connection string when kind is postgres (migrations take their own single connection). */
  url?: string;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  url?: string;
  readUrl?: string;
  pgliteDir?: string;
  poolSize?: number;
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.url) return openPostgres(opts.url, opts.readUrl, opts.poolSize ?? 10);
  return openPglite(opts.pgliteDir ?? './data');
}

function openPostgres(url: string, readUrl: string | undefined, max: number): Database {
  const client = postgres(url, { max, onnotice: () => {}, connection: { TimeZone: 'UTC' } });
  const db = drizzlePg(client, { schema, casing: 'snake_case' }) as unknown as Db;
  const readClient = readUrl && readUrl !== url ? postgres(readUrl, { max, onnotice: () => {} }) : undefined;
  const readDb = readClient ? (drizzlePg(readClient, { schema, casing: 'snake_case' }) as unknown as Db) : db;
  return {
    db,
    readDb,
    kind: 'postgres',
    url,
    async ping() {
      await client`select 1`;
    },
    async close() {
      await client.end({ timeout: 5 });
      if (readClient) await readClient.end({ timeout: 5 });
    },
  };
}

async function openPglite(dir: string): Promise<Database> {
  mkdirSync(dir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const client = await PGlite.create(dir);
  const db = drizzle(client, { schema, casing: 'snake_case' }) as unknown as Db;
  return {
    db,
    readDb: db,
    kind: 'pglite',
    async ping() {
      await client.query('select 1');
    },
    async close() {
      await client.close();
    },
  };
}
