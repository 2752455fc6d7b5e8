import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq, inArray, isNull, like, or } from 'drizzle-orm';
import { slaClockSegments, slaClocks, slaTimerFirings, units } from '../../db/schema/index.ts';
import { CLOCK_KINDS, CLOCK_STATUSES, describeLimit, LIMIT_UNITS, SEGMENT_KINDS } from '../../domain/sla/index.ts';
import { loadVisibleTicket } from '../../services/ticketAccess.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idParam } from '../lib/crud.ts';

const iso = z.string().nullable();

const segmentSchema = z.object({
  id: z.number(),
  kind: z.enum(SEGMENT_KINDS),
  at: z.string(),
  recordedAt: z.string(),
  actorId: z.number().nullable(),
  reason: z.string().nullable(),
  oldDueAt: iso,
  newDueAt: iso,
  data: z.record(z.string(), z.unknown()),
});

export const clockSchema = z
  .object({
    id: z.number(),
    ticketId: z.number(),
    dispatchId: z.number().nullable(),
    unitId: z.number().nullable(),
    kind: z.enum(CLOCK_KINDS),
    status: z.enum(CLOCK_STATUSES),
    round: z.number(),
    policyId: z.number().nullable(),
    limitSource: z.string(),
    limit: z.object({ value: z.number(), unit: z.enum(LIMIT_UNITS) }),
    limitText: z.string().openapi({ example: '5个工作日' }),
    warnPercent: z.number().nullable(),
    calendarId: z.number().nullable(),
    startedAt: z.string(),
    dueAt: iso,
    warnAt: iso,
    pausedAt: iso,
    stoppedAt: iso,
    stopReason: z.string().nullable(),
    warnedAt: iso,
    breachedAt: iso,
    overdue: z.boolean(),
    /** Every deadline this clock has had, oldest first (from the segment history). */
    deadlines: z.array(z.string()),
    segments: z.array(segmentSchema),
    firings: z.array(
      z.object({ event: z.string(), targetAt: z.string(), firedAt: z.string(), lagMs: z.number(), via: z.string() }),
    ),
  })
  .openapi('SlaClock');

const route = createRoute({
  method: 'get',
  path: '/api/tickets/{id}/clocks',
  tags: ['sla'],
  summary: '工单的全部时限（签收、办理、回访…）及其完整历史：每次暂停、延期、重办、重算的新旧期限',
  security: [{ bearer: [] }],
  request: { params: idParam },
  responses: {
    200: { description: 'clocks with history', content: { 'application/json': { schema: z.array(clockSchema) } } },
    ...errorResponses,
  },
});

const isoOf = (d: Date | null) => (d ? d.toISOString() : null);

export function registerTicketClocks(app: App) {
  app.openapi(route, async (c) => {
    const user = requireRole(c);
    const { id } = c.req.valid('param');
    const deps = c.get('deps');
    await loadVisibleTicket(deps.db, user, id);
    // Units see their own (and sub-units') clocks and the ticket-level ones, not other units' rounds.
    const scope =
      user.role === 'unit_staff'
        ? or(
            isNull(slaClocks.unitId),
            inArray(
              slaClocks.unitId,
              deps.db
                .select({ id: units.id })
                .from(units)
                .where(like(units.path, `${user.unitPath ?? '/-1/'}%`)),
            ),
          )
        : undefined;
    const clocks = await deps.db
      .select()
      .from(slaClocks)
      .where(and(eq(slaClocks.ticketId, id), scope))
      .orderBy(asc(slaClocks.id));
    const ids = clocks.map((k) => k.id);
    const [segs, firings] = ids.length
      ? await Promise.all([
          deps.db
            .select()
            .from(slaClockSegments)
            .where(inArray(slaClockSegments.clockId, ids))
            .orderBy(asc(slaClockSegments.id)),
          deps.db
            .select()
            .from(slaTimerFirings)
            .where(inArray(slaTimerFirings.clockId, ids))
            .orderBy(asc(slaTimerFirings.firedAt)),
        ])
      : [[], []];
    const now = deps.clock.now();
    return c.json(
      clocks.map((k) => {
        const mine = segs.filter((s) => s.clockId === k.id);
        const deadlines: string[] = [];
        for (const s of mine) {
          const d = isoOf(s.newDueAt);
          if (d && deadlines[deadlines.length - 1] !== d) deadlines.push(d);
        }
        return {
          id: k.id,
          ticketId: k.ticketId,
          dispatchId: k.dispatchId,
          unitId: k.unitId,
          kind: k.kind,
          status: k.status,
          round: k.round,
          policyId: k.policyId,
          limitSource: k.limitSource,
          limit: k.limit,
          limitText: describeLimit(k.limit),
          warnPercent: k.warnPercent,
          calendarId: k.calendarId,
          startedAt: k.startedAt.toISOString(),
          dueAt: isoOf(k.dueAt),
          warnAt: isoOf(k.warnAt),
          pausedAt: isoOf(k.pausedAt),
          stoppedAt: isoOf(k.stoppedAt),
          stopReason: k.stopReason,
          warnedAt: isoOf(k.warnedAt),
          breachedAt: isoOf(k.breachedAt),
          overdue:
            k.dueAt !== null &&
            (k.status === 'running'
              ? k.dueAt.getTime() < now.getTime()
              : k.status === 'stopped' && k.stoppedAt !== null && k.stoppedAt > k.dueAt),
          deadlines,
          segments: mine.map((s) => ({
            id: s.id,
            kind: s.kind,
            at: s.at.toISOString(),
            recordedAt: s.recordedAt.toISOString(),
            actorId: s.actorId,
            reason: s.reason,
            oldDueAt: isoOf(s.oldDueAt),
            newDueAt: isoOf(s.newDueAt),
            data: s.data,
          })),
          firings: firings
            .filter((f) => f.clockId === k.id)
            .map((f) => ({
              event: f.event,
              targetAt: f.targetAt.toISOString(),
              firedAt: f.firedAt.toISOString(),
              lagMs: f.lagMs,
              via: f.via,
            })),
        };
      }),
      200,
    );
  });
}
