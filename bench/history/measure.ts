/** Timing with percentiles, and the indexes a query plan uses (EXPLAIN (ANALYZE, FORMAT JSON)). */
import type postgres from 'postgres';

export interface Sample {
  p50: number;
  p95: number;
  max: number;
  runs: number;
}

export function percentiles(ms: number[]): Sample {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), max: s[s.length - 1] ?? 0, runs: s.length };
}

/** Runs fn(k) for k = 0…runs-1 after a few warm-ups (k from the end), timing each call. */
export async function timeRuns(runs: number, fn: (k: number) => Promise<unknown>, warmups = 3): Promise<Sample> {
  for (let w = 0; w < warmups; w++) await fn(runs + w);
  const ms: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t = performance.now();
    await fn(k);
    ms.push(performance.now() - t);
  }
  return percentiles(ms);
}

export interface PlanUse {
  indexes: string[];
  seqScans: string[];
  /** Server-side execution time of the explained run. */
  executionMs: number;
}

interface PlanNode {
  'Node Type'?: string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function walk(node: PlanNode, use: { indexes: Set<string>; seq: Set<string> }) {
  if (node['Index Name']) use.indexes.add(node['Index Name']);
  if (node['Node Type'] === 'Seq Scan' && node['Relation Name']) use.seq.add(node['Relation Name']);
  for (const child of node.Plans ?? []) walk(child, use);
}

/** The query's plan, run for real: which indexes it used and which tables it read sequentially. */
export async function explainUse(sql: postgres.Sql, text: string, params: unknown[]): Promise<PlanUse> {
  const rows = await sql.unsafe(`explain (analyze, format json) ${text}`, params as postgres.ParameterOrJSON<never>[]);
  const raw = (rows[0] as Record<string, unknown>)['QUERY PLAN'];
  const doc = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{
    Plan: PlanNode;
    'Execution Time': number;
  }>;
  const use = { indexes: new Set<string>(), seq: new Set<string>() };
  let executionMs = 0;
  for (const d of doc) {
    walk(d.Plan, use);
    executionMs += d['Execution Time'] ?? 0;
  }
  return { indexes: [...use.indexes].sort(), seqScans: [...use.seq].sort(), executionMs };
}

export function mergeUse(uses: PlanUse[]): PlanUse {
  return {
    indexes: [...new Set(uses.flatMap((u) => u.indexes))].sort(),
    seqScans: [...new Set(uses.flatMap((u) => u.seqScans))].sort(),
    executionMs: uses.reduce((a, u) => a + u.executionMs, 0),
  };
}
