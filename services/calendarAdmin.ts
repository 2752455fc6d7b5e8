import { and, asc, count, eq, gte, inArray, lte, ne, sql } from 'drizzle-orm';
import type { Db, Executor } from '../db/client.ts';
import { calendarDays, calendars, slaClocks, units } from '../db/schema/index.ts';
import { buildCalendar, type DayOverrideKind, type TimeInterval } from '../domain/calendar/index.ts';
import { type AuditCtx, changedFields, recordAudit } from './audit.ts';
import { type CalendarDayRow, type CalendarRow, specOf } from './calendars.ts';
import type { Deps } from './deps.ts';
import { AppError, conflict, notFound } from './errors.ts';
import { enqueueRecompute, requestRecompute } from './sla/recompute.ts';

export interface DayInput {
  date: string;
  kind: DayOverrideKind;
  name?: string | null;
}

export interface CalendarInput {
  code: string;
  name: string;
  description?: string | null;
  weekly: TimeInterval[][];
  workdayIntervals?: TimeInterval[] | null;
  observeHolidays?: boolean;
  active?: boolean;
  /** All of this calendar's day overrides (replaces them on update). */
  days?: DayInput[];
}

export interface CalendarView extends Omit<CalendarRow, 'createdAt' | 'updatedAt'> {
  createdAt: string;
  updatedAt: string;
  days: Array<{ date: string; kind: DayOverrideKind; name: string | null }>;
  unitIds: number[];
  /** Set when the change queued a recomputation of open deadlines (GET /api/sla/recomputes/{id}). */
  recomputeRunId?: number | null;
}

/** Compiles the would-be calendar so a bad interval or date is a 400 naming the field, never a broken row. */
function validateSpec(row: Omit<CalendarRow, 'id' | 'createdAt' | 'updatedAt' | 'version'>, days: DayInput[]): void {
  const dates = new Set<string>();
  days.forEach((d, i) => {
    if (dates.has(d.date)) {
      throw new AppError('validation', `日期 ${d.date} 重复`, {
        fields: [{ path: `days.${i}.date`, message: '重复' }],
      });
    }
    dates.add(d.date);
  });
  try {
    buildCalendar(
      specOf(
        { ...row, id: 0, version: 0, createdAt: new Date(), updatedAt: new Date() },
        days.map((d) => ({ ...d, name: d.name ?? null })),
      ),
    );
  } catch (err) {
    const message = (err as Error).message;
    const m = /^(weekly\[\d\]|workdayIntervals)/.exec(message);
    const path = m?.[1]?.replace(/\[(\d)\]/, '.$1') ?? (/override|date/.test(message) ? 'days' : 'weekly');
    throw new AppError('validation', `日历有误：${message}`, { fields: [{ path, message }] });
  }
}

export async function calendarView(
  db: Executor,
  row: CalendarRow,
  recomputeRunId?: number | null,
): Promise<CalendarView> {
  const [days, unitRows] = await Promise.all([
    db
      .select({ date: calendarDays.date, kind: calendarDays.kind, name: calendarDays.name })
      .from(calendarDays)
      .where(eq(calendarDays.calendarId, row.id))
      .orderBy(asc(calendarDays.date)),
    db.select({ id: units.id }).from(units).where(eq(units.calendarId, row.id)).orderBy(asc(units.id)),
  ]);
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    days,
    unitIds: unitRows.map((u) => u.id),
    ...(recomputeRunId !== undefined ? { recomputeRunId } : {}),
  };
}

export async function findCalendarRow(db: Executor, idOrCode: string | number, lock = false): Promise<CalendarRow> {
  const byId = typeof idOrCode === 'number' || /^\d+$/.test(idOrCode);
  const q = db
    .select()
    .from(calendars)
    .where(byId ? eq(calendars.id, Number(idOrCode)) : eq(calendars.code, String(idOrCode)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound('工作日历');
  return row;
}

async function replaceDays(
  tx: Executor,
  calendarId: number,
  days: DayInput[],
  now: Date,
  year?: number,
): Promise<void> {
  const inYear = year
    ? and(gte(calendarDays.date, `${year}-01-01`), lte(calendarDays.date, `${year}-12-31`))
    : undefined;
  await tx.delete(calendarDays).where(and(eq(calendarDays.calendarId, calendarId), inYear));
  if (days.length === 0) return;
  await tx.insert(calendarDays).values(
    days.map((d) => ({
      calendarId,
      date: d.date,
      kind: d.kind,
      name: d.name ?? null,
      createdAt: now,
      updatedAt: now,
    })),
  );
}

/** Open clocks counting on this calendar get their deadlines recomputed after the commit. */
async function afterChange(tx: Executor, deps: Deps, calendarId: number, reason: string, actorId: number | null) {
  const [{ n } = { n: 0 }] = await tx
    .select({ n: count() })
    .from(slaClocks)
    .where(and(eq(slaClocks.calendarId, calendarId), ne(slaClocks.status, 'stopped')));
  if (n === 0) return null;
  return requestRecompute(tx, deps, { scope: 'calendar', scopeId: calendarId }, reason, actorId);
}

export async function createCalendar(deps: Deps, input: CalendarInput, ctx: AuditCtx): Promise<CalendarView> {
  const days = input.days ?? [];
  const base = {
    code: input.code,
    name: input.name,
    description: input.description ?? null,
    weekly: input.weekly,
    workdayIntervals: input.workdayIntervals ?? null,
    observeHolidays: input.observeHolidays ?? true,
    active: input.active ?? true,
  };
  validateSpec(base, days);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [dup] = await tx.select({ id: calendars.id }).from(calendars).where(eq(calendars.code, input.code));
    if (dup)
      throw new AppError('conflict', `日历代码 ${input.code} 已存在`, {
        fields: [{ path: 'code', message: '已存在' }],
      });
    const [row] = await tx
      .insert(calendars)
      .values({ ...base, createdAt: now, updatedAt: now })
      .returning();
    if (!row) throw new Error('calendar not inserted');
    await replaceDays(tx, row.id, days, now);
    await recordAudit(tx, ctx, { entity: 'calendar', entityId: row.id, action: 'create', changes: { ...base, days } });
    return calendarView(tx, row);
  });
}

/** Updates fields (days, when given, replace all overrides); bumps the version and queues the recomputation. */
export async function updateCalendar(
  deps: Deps,
  idOrCode: string | number,
  patch: Partial<Omit<CalendarInput, 'code'>>,
  ctx: AuditCtx,
): Promise<CalendarView> {
  const now = deps.clock.now();
  const { view, runId } = await deps.db.transaction(async (tx) => {
    const current = await findCalendarRow(tx, idOrCode, true);
    const currentDays = await tx
      .select({ date: calendarDays.date, kind: calendarDays.kind, name: calendarDays.name })
      .from(calendarDays)
      .where(eq(calendarDays.calendarId, current.id));
    const next = {
      code: current.code,
      name: patch.name ?? current.name,
      description: patch.description !== undefined ? patch.description : current.description,
      weekly: patch.weekly ?? current.weekly,
      workdayIntervals: patch.workdayIntervals !== undefined ? patch.workdayIntervals : current.workdayIntervals,
      observeHolidays: patch.observeHolidays ?? current.observeHolidays,
      active: patch.active ?? current.active,
    };
    const days = patch.days ?? currentDays;
    validateSpec(next, days);
    // jsonb reorders object keys ({end, start}): compare in one canonical shape.
    const canon = (r: typeof next, ds: DayInput[]) => ({
      ...r,
      weekly: r.weekly.map(ivs),
      workdayIntervals: r.workdayIntervals ? ivs(r.workdayIntervals) : null,
      days: sortDays(ds.map((d) => ({ date: d.date, kind: d.kind, name: d.name ?? null }))),
    });
    const changes = changedFields(canon(current, currentDays), canon(next, days));
    if (Object.keys(changes).length === 0) return { view: await calendarView(tx, current), runId: null };
    const [row] = await tx
      .update(calendars)
      .set({ ...next, version: sql`${calendars.version} + 1`, updatedAt: now })
      .where(eq(calendars.id, current.id))
      .returning();
    if (!row) throw notFound('工作日历');
    if (patch.days) await replaceDays(tx, row.id, patch.days, now);
    await recordAudit(tx, ctx, { entity: 'calendar', entityId: row.id, action: 'update', changes });
    const runId = await afterChange(tx, deps, row.id, `日历「${row.name}」已修改`, ctx.actorId);
    return { view: await calendarView(tx, row, runId), runId };
  });
  if (runId) await enqueueRecompute(deps, runId);
  return view;
}

const ivs = (list: TimeInterval[]) => list.map((iv) => ({ start: iv.start, end: iv.end }));

function sortDays<T extends { date: string }>(days: T[]): T[] {
  return [...days].sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * Replaces one year's day overrides of a calendar (how administrators enter the State Council's
 * arrangement for a year chinese-days does not cover). With `applyToAll`, every calendar that
 * observes statutory holidays gets the same days for that year.
 */
export async function replaceYearDays(
  deps: Deps,
  idOrCode: string | number,
  year: number,
  days: DayInput[],
  applyToAll: boolean,
  ctx: AuditCtx,
): Promise<{ calendars: number[]; recomputeRunIds: number[] }> {
  days.forEach((d, i) => {
    if (!d.date.startsWith(`${year}-`)) {
      throw new AppError('validation', `${d.date} 不在 ${year} 年`, {
        fields: [{ path: `days.${i}.date`, message: `不在 ${year} 年` }],
      });
    }
  });
  const now = deps.clock.now();
  const res = await deps.db.transaction(async (tx) => {
    const first = await findCalendarRow(tx, idOrCode, true);
    const targets = applyToAll
      ? await tx
          .select()
          .from(calendars)
          .where(eq(calendars.observeHolidays, true))
          .orderBy(asc(calendars.id))
          .for('update')
      : [first];
    if (applyToAll && !targets.some((t) => t.id === first.id)) targets.push(first);
    const runIds: number[] = [];
    for (const cal of targets) {
      const others = await tx
        .select({ date: calendarDays.date, kind: calendarDays.kind, name: calendarDays.name })
        .from(calendarDays)
        .where(eq(calendarDays.calendarId, cal.id));
      const kept = others.filter((d) => !d.date.startsWith(`${year}-`));
      validateSpec(cal, [...kept, ...days]);
      await replaceDays(tx, cal.id, days, now, year);
      await tx
        .update(calendars)
        .set({ version: sql`${calendars.version} + 1`, updatedAt: now })
        .where(eq(calendars.id, cal.id));
      await recordAudit(tx, ctx, { entity: 'calendar', entityId: cal.id, action: 'update', changes: { year, days } });
      const runId = await afterChange(tx, deps, cal.id, `日历「${cal.name}」${year} 年节假日调整`, ctx.actorId);
      if (runId) runIds.push(runId);
    }
    return { calendars: targets.map((t) => t.id), recomputeRunIds: runIds };
  });
  for (const id of res.recomputeRunIds) await enqueueRecompute(deps, id);
  return res;
}

/** Sets which units count on this calendar (others previously on it fall back to 'default'). */
export async function assignUnits(
  deps: Deps,
  idOrCode: string | number,
  unitIds: number[],
  ctx: AuditCtx,
): Promise<{ unitIds: number[]; recomputeRunIds: number[] }> {
  const res = await deps.db.transaction(async (tx) => {
    const cal = await findCalendarRow(tx, idOrCode, true);
    if (unitIds.length > 0) {
      const found = await tx.select({ id: units.id }).from(units).where(inArray(units.id, unitIds));
      const missing = unitIds.filter((id) => !found.some((f) => f.id === id));
      if (missing.length) {
        throw new AppError('validation', `单位不存在：${missing.join(', ')}`, {
          fields: [{ path: 'unitIds', message: '单位不存在' }],
        });
      }
    }
    const before = await tx.select({ id: units.id }).from(units).where(eq(units.calendarId, cal.id));
    const removed = before.map((b) => b.id).filter((id) => !unitIds.includes(id));
    const added = unitIds.filter((id) => !before.some((b) => b.id === id));
    if (removed.length) await tx.update(units).set({ calendarId: null }).where(inArray(units.id, removed));
    if (added.length) await tx.update(units).set({ calendarId: cal.id }).where(inArray(units.id, added));
    const runIds: number[] = [];
    for (const unitId of [...removed, ...added]) {
      await recordAudit(tx, ctx, {
        entity: 'unit',
        entityId: unitId,
        action: 'update',
        changes: {
          calendarId: { from: removed.includes(unitId) ? cal.id : null, to: added.includes(unitId) ? cal.id : null },
        },
      });
      const [{ n } = { n: 0 }] = await tx
        .select({ n: count() })
        .from(slaClocks)
        .where(and(eq(slaClocks.unitId, unitId), ne(slaClocks.status, 'stopped')));
      if (n > 0)
        runIds.push(
          await requestRecompute(
            tx,
            deps,
            { scope: 'unit', scopeId: unitId },
            `单位工作日历改为「${cal.name}」`,
            ctx.actorId,
          ),
        );
    }
    return { unitIds, recomputeRunIds: runIds };
  });
  for (const id of res.recomputeRunIds) await enqueueRecompute(deps, id);
  return res;
}

/** Deletes a calendar nobody counts on; otherwise 409 naming what still uses it. */
export async function deleteCalendar(db: Db, idOrCode: string | number, ctx: AuditCtx): Promise<void> {
  await db.transaction(async (tx) => {
    const cal = await findCalendarRow(tx, idOrCode, true);
    const [{ n: unitCount } = { n: 0 }] = await tx
      .select({ n: count() })
      .from(units)
      .where(eq(units.calendarId, cal.id));
    const [{ n: clockCount } = { n: 0 }] = await tx
      .select({ n: count() })
      .from(slaClocks)
      .where(and(eq(slaClocks.calendarId, cal.id), ne(slaClocks.status, 'stopped')));
    if (unitCount > 0 || clockCount > 0) {
      throw conflict(`日历仍在使用：${unitCount} 个单位、${clockCount} 个进行中的时限`, {
        units: unitCount,
        clocks: clockCount,
      });
    }
    await tx.delete(calendarDays).where(eq(calendarDays.calendarId, cal.id));
    await tx.delete(calendars).where(eq(calendars.id, cal.id));
    await recordAudit(tx, ctx, { entity: 'calendar', entityId: cal.id, action: 'delete', changes: { code: cal.code } });
  });
}

export type { CalendarDayRow };
