import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../db/client.ts';
import { pipelinedTransaction } from '../db/pipelinedTransaction.ts';
import { queryRows, queryRowsPrepared } from '../db/rows.ts';

const ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `huiyin_t_ptx_${randomBytes(4).toString('hex')}`;
let database: Database;
let admin: postgres.Sql;
/** A connection of its own, for reading what a transaction left. */
let reader: postgres.Sql;

beforeAll(async () => {
  admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${dbName}"`);
  // One connection: a connection the transaction fails to hand back, or hands back broken, fails what follows.
  const url = ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  database = await openDatabase({ url, poolSize: 1 });
  reader = postgres(url, { max: 1, onnotice: () => {} });
  await database.db.execute(sql`create table t (id int primary key, v text not null)`);
});
afterAll(async () => {
  await database.close();
  await reader.end();
  await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
  await admin.end();
});
beforeEach(async () => {
  await database.db.execute(sql`truncate t`);
});

const rows = async () =>
  (await queryRows<{ id: number }>(database.db, sql`select id from t order by id`)).map((r) => r.id);
const insert = (id: number, v: string | null = 'x') => sql`insert into t (id, v) values (${id}, ${v})`;

describe('pipelinedTransaction', () => {
  it('runs every statement of the callback in one transaction and commits them', async () => {
    const xids = await pipelinedTransaction(database.db, async (tx) => {
      const first = queryRows<{ x: string }>(tx, sql`select txid_current()::text as x`);
      await tx.execute(insert(1));
      await tx.execute(insert(2));
      const last = await queryRows<{ x: string }>(tx, sql`select txid_current()::text as x`);
      return [(await first)[0]?.x, last[0]?.x];
    });
    expect(xids[0]).toBeTruthy();
    expect(xids[0]).toBe(xids[1]);
    expect(await rows()).toEqual([1, 2]);
  });

  it('runs a statement the callback handed to the driver but did not await before the COMMIT', async () => {
    await pipelinedTransaction(database.db, async (tx) => {
      await tx.execute(insert(1));
      void queryRowsPrepared(tx, insert(2));
    });
    expect(await rows()).toEqual([1, 2]);
  });

  it('fails the transaction when a statement failed, even one whose error the callback caught', async () => {
    await expect(
      pipelinedTransaction(database.db, async (tx) => {
        await tx.execute(insert(1));
        await tx.execute(insert(2, null)).catch(() => 'ignored');
        return 'done';
      }),
    ).rejects.toMatchObject({ code: '23502' });
    expect(await rows()).toEqual([]);
  });

  it('fails the transaction when a statement sent without being awaited fails (its COMMIT is a rollback)', async () => {
    await expect(
      pipelinedTransaction(database.db, async (tx) => {
        await tx.execute(insert(1));
        queryRowsPrepared(tx, insert(1)).catch(() => {});
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await rows()).toEqual([]);
  });

  it('rolls back when the callback throws, and hands the connection back in working order', async () => {
    for (let i = 0; i < 3; i++) {
      await expect(
        pipelinedTransaction(database.db, async (tx) => {
          await tx.execute(insert(1));
          throw new Error('no');
        }),
      ).rejects.toThrow('no');
    }
    expect(await rows()).toEqual([]);
    await pipelinedTransaction(database.db, (tx) => tx.execute(insert(3)));
    expect(await rows()).toEqual([3]);
  });

  it('refuses a statement sent after the transaction ended, which would run outside it', async () => {
    let escaped: typeof database.db | undefined;
    await pipelinedTransaction(database.db, async (tx) => {
      await tx.execute(insert(1));
      escaped = tx as unknown as typeof database.db;
    });
    await expect(queryRowsPrepared(escaped as typeof database.db, insert(2))).rejects.toThrow(
      /after its transaction ended/,
    );
    expect(await rows()).toEqual([1]);
  });

  it('makes tx.transaction a savepoint: its failure is undone alone, its success kept', async () => {
    await pipelinedTransaction(database.db, async (tx) => {
      await tx.execute(insert(1));
      await expect(
        tx.transaction(async (sp) => {
          await sp.execute(insert(2));
          await sp.execute(insert(1)); // duplicate: the savepoint fails
        }),
      ).rejects.toMatchObject({ cause: { code: '23505' } });
      await tx.transaction(async (sp) => {
        await sp.execute(insert(4));
      });
    });
    expect(await rows()).toEqual([1, 4]);
  });

  it('fails, and keeps nothing, when its connection is killed mid-way (it does not hang)', async () => {
    await expect(
      pipelinedTransaction(database.db, async (tx) => {
        await tx.execute(insert(1));
        const [me] = await queryRows<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`);
        await admin`select pg_terminate_backend(${me?.pid ?? 0})`;
        await tx.execute(insert(2));
      }),
    ).rejects.toBeTruthy();
    // Read on another connection: postgres.js 3.4.9 may hand the killed backend's FATAL to the next query
    // of the reconnected pool connection (porsager/postgres#1215), which is the driver's to fix.
    const [left] = await reader`select count(*)::int as n from t`;
    expect(left).toEqual({ n: 0 });
  });
});
