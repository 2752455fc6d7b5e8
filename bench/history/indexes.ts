/** Bulk-load practice: drop secondary indexes before the load, rebuild them after (timed, one by one). */
import type postgres from 'postgres';

export interface IndexDef {
  name: string;
  table: string;
  def: string;
}

/** Indexes that back no constraint (primary keys and UNIQUE constraints stay: the load relies on them). */
export async function dropSecondaryIndexes(sql: postgres.Sql, tables: string[]): Promise<IndexDef[]> {
  const rows = await sql<{ name: string; table: string; def: string }[]>`
    select i.indexname as name, i.tablename as table, i.indexdef as def
    from pg_indexes i
    where i.schemaname = 'public' and i.tablename = any(${tables})
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
    order by i.tablename, i.indexname`;
  for (const r of rows) await sql.unsafe(`drop index "${r.name}"`);
  return rows;
}

export async function buildIndexes(
  sql: postgres.Sql,
  defs: IndexDef[],
  log: (line: string) => void,
): Promise<Array<IndexDef & { seconds: number }>> {
  const out: Array<IndexDef & { seconds: number }> = [];
  for (const d of defs) {
    const t = performance.now();
    await sql.unsafe(d.def);
    const seconds = (performance.now() - t) / 1000;
    log(`  index ${d.name}: ${seconds.toFixed(1)} s`);
    out.push({ ...d, seconds });
  }
  return out;
}
