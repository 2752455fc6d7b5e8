import { count, inArray } from 'drizzle-orm';
import {
  DEFAULT_CALENDAR_SPEC,
  ROUND_THE_CLOCK_CALENDAR_SPEC,
  type TimeInterval,
} from '../../domain/calendar/index.ts';
import { DEFAULT_POLICIES } from '../../domain/sla/index.ts';
import type { Deps } from '../../services/deps.ts';
import { calendars, slaPolicies, units } from '../schema/index.ts';
import type { ReferenceIds } from './reference.ts';

const plain = (ivs: readonly (readonly TimeInterval[])[]) =>
  ivs.map((d) => d.map((iv) => ({ start: iv.start, end: iv.end })));
const OFFICE: TimeInterval[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '17:30' },
];

/** Units on the round-the-clock calendar: emergency and utility repair services. */
export const ROUND_THE_CLOCK_UNITS = ['GAJ', 'YJJ', 'GDJ', 'RQJ', 'SWJ'];
/** Street offices that also open on Saturday mornings. */
export const STREET_OFFICE_UNITS = ['CD01', 'CD02'];

/**
 * The demo calendars ('default' office hours with statutory holidays and make-up days, '24x7', a street
 * office with Saturday hours), their units, and SLA policies with the domain's typical numbers. Skips
 * whatever already exists.
 */
export async function seedCalendars(deps: Pick<Deps, 'db' | 'clock'>, ref: ReferenceIds): Promise<void> {
  const { db } = deps;
  const now = deps.clock.now();
  await db.transaction(async (tx) => {
    const rows = [
      {
        code: 'default',
        name: '默认工作日历',
        description: '周一至周五 09:00–12:00、13:30–17:30；法定节假日休息，调休上班日上班',
        weekly: plain(DEFAULT_CALENDAR_SPEC.weekly),
        workdayIntervals: OFFICE,
        observeHolidays: true,
      },
      {
        code: '24x7',
        name: '全天候（7×24 小时）',
        description: '应急、抢修类单位：不分昼夜、节假日',
        weekly: plain(ROUND_THE_CLOCK_CALENDAR_SPEC.weekly),
        workdayIntervals: null,
        observeHolidays: false,
      },
      {
        code: 'street-office',
        name: '街道便民服务中心',
        description: '工作日同默认日历，另周六 09:00–11:30 对外办公',
        weekly: [[], OFFICE, OFFICE, OFFICE, OFFICE, OFFICE, [{ start: '09:00', end: '11:30' }]],
        workdayIntervals: OFFICE,
        observeHolidays: true,
      },
    ];
    await tx
      .insert(calendars)
      .values(rows.map((r) => ({ ...r, createdAt: now, updatedAt: now })))
      .onConflictDoNothing({ target: calendars.code });
    const byCode = new Map(
      (await tx.select({ id: calendars.id, code: calendars.code }).from(calendars)).map((c) => [c.code, c.id]),
    );
    const assign = async (code: string, unitCodes: string[]) => {
      const calendarId = byCode.get(code);
      const ids = unitCodes.map((u) => ref.unitByCode.get(u)).filter((id): id is number => id !== undefined);
      if (calendarId && ids.length) await tx.update(units).set({ calendarId }).where(inArray(units.id, ids));
    };
    await assign('24x7', ROUND_THE_CLOCK_UNITS);
    await assign('street-office', STREET_OFFICE_UNITS);

    const [existing] = await tx.select({ n: count() }).from(slaPolicies);
    if ((existing?.n ?? 0) === 0) {
      await tx.insert(slaPolicies).values(
        DEFAULT_POLICIES.map((p) => ({
          name: p.name,
          position: p.position,
          active: p.active,
          ticketType: p.ticketType,
          priority: p.priority,
          categoryId: p.categoryId,
          limits: { ...p.limits },
          warnPercent: p.warnPercent,
          warnKinds: [...p.warnKinds],
          createdAt: now,
          updatedAt: now,
        })),
      );
    }
  });
}
