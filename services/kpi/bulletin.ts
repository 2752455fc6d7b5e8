/**
 * The monthly bulletin (月度通报): the month's headline KPIs against the previous month, volumes, the
 * categories citizens called about most, and the best and worst units on the ranked KPIs. A published
 * month is read from its frozen figures (with its correction note); an unpublished one is computed live
 * and marked provisional.
 */
import type { Executor } from '../../db/client.ts';
import type { Counters } from '../../domain/kpi/counters.ts';
import { KPI_BY_CODE, KPI_DEFINITIONS, type KpiCode } from '../../domain/kpi/definitions.ts';
import { type Period, periodLabel, previousPeriod } from '../../domain/kpi/periods.ts';
import type { RankEntry } from '../../domain/kpi/rankings.ts';
import { computeFigures, correctionNote, findPublished, parsePublishable, RANKED_KPIS } from './publish.ts';

export interface Bulletin {
  month: string;
  label: string;
  status: 'published' | 'provisional';
  publishedAt: string | null;
  headline: Array<{
    code: KpiCode;
    name: string;
    formula: string;
    value: number | null;
    previous: number | null;
    delta: number | null;
    numerator: number;
    denominator: number;
  }>;
  volume: { created: number; directAnswered: number; dispatches: number; completed: number; callsOffered: number };
  topCategories: Array<{ label: string; created: number; dispatches: number }>;
  rankings: Array<{ code: KpiCode; name: string; best: RankEntry[]; worst: RankEntry[] }>;
  corrections: string[];
}

async function figuresOf(db: Executor, p: Period, now: Date) {
  const published = await findPublished(db, p.kind, p.key);
  if (published) return { figures: published.figures, published };
  return { figures: await computeFigures(db, p, 0, now), published: null };
}

export async function monthlyBulletin(db: Executor, month: string, now: Date): Promise<Bulletin> {
  const p = parsePublishable('month', month);
  const [{ figures, published }, prev] = await Promise.all([
    figuresOf(db, p, now),
    figuresOf(db, previousPeriod(p), now),
  ]);
  const c = figures.total.counters as Partial<Counters>;
  const headline = KPI_DEFINITIONS.map((d) => {
    const value = figures.total.kpis[d.code] ?? null;
    const previous = prev.figures.total.kpis[d.code] ?? null;
    const sum = (names: readonly string[]) => names.reduce((s, n) => s + ((c as Record<string, number>)[n] ?? 0), 0);
    return {
      code: d.code,
      name: d.name,
      formula: d.formula,
      value,
      previous,
      delta: value !== null && previous !== null ? value - previous : null,
      numerator: sum(d.numerator),
      denominator: sum(d.denominator),
    };
  });
  const topCategories = figures.byCategory
    .filter((r) => r.key !== '0' && r.key !== null)
    .map((r) => ({ label: r.label, created: r.counters.created ?? 0, dispatches: r.counters.dispatches ?? 0 }))
    .sort((a, b) => b.created + b.dispatches - (a.created + a.dispatches))
    .slice(0, 10);
  const rankings = RANKED_KPIS.map((code) => {
    const ranked = (figures.rankings[code] ?? []).filter((e) => e.rank !== null);
    return {
      code,
      name: KPI_BY_CODE[code].name,
      best: ranked.slice(0, 3),
      worst: ranked.length > 3 ? ranked.slice(-3).reverse() : [],
    };
  });
  return {
    month: p.key,
    label: periodLabel(p),
    status: published ? 'published' : 'provisional',
    publishedAt: published?.publishedAt ?? null,
    headline,
    volume: {
      created: c.created ?? 0,
      directAnswered: c.directAnswered ?? 0,
      dispatches: c.dispatches ?? 0,
      completed: c.completed ?? 0,
      callsOffered: c.callsOffered ?? 0,
    },
    topCategories,
    rankings,
    corrections: published ? (await correctionNote(db, published)).lines : [],
  };
}
