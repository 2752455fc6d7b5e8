import { z } from 'zod';
import type { Executor } from '../../db/client.ts';
import { followupSettings } from '../../db/schema/index.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '格式 HH:MM');

/** Follow-up configuration; every number is an administrator's setting with a sensible default. */
export const followupSettingsSchema = z.object({
  quietHours: z.object({ start: hhmm, end: hhmm }).default({ start: '21:00', end: '08:00' }),
  /**
   * Share of the revisit window an SMS revisit waits for 1/2/3 before it moves to the phone queue (the
   * revisit clock's yellow warning).
   */
  smsAnswerPercent: z.number().int().min(5).max(95).default(50),
  /** Revisit due within this many working days of the accepted reply (when the SLA policy has none). */
  revisitWorkingDays: z.number().int().min(0).max(30).default(2),
  unreachableAttempts: z.number().int().min(1).max(10).default(3),
  unreachableWithinWorkingDays: z.number().int().min(1).max(10).default(2),
  /** auto: a dissatisfied answer re-handles at once; review: a dispatcher confirms or a supervisor rules. */
  dissatisfiedMode: z.enum(['auto', 'review']).default('auto'),
  /** Closed tickets are archived this many days after closing. */
  archiveAfterDays: z.number().int().min(1).max(3650).default(30),
  /** A new contact about a closed matter within this many days reopens it. */
  reopenWithinDays: z.number().int().min(0).max(365).default(30),
  badReviewRevisitWorkingDays: z.number().int().min(0).max(30).default(1),
  badReviewFixWorkingDays: z.number().int().min(0).max(60).default(5),
  /** Delivery attempts before a message is failed for good. */
  maxSendAttempts: z.number().int().min(1).max(20).default(5),
  /** A message left 'sending' longer than this was interrupted by a crash. */
  sendingLeaseSeconds: z.number().int().min(10).max(3600).default(120),
});
export type FollowupSettings = z.infer<typeof followupSettingsSchema>;

export const DEFAULT_FOLLOWUP_SETTINGS: FollowupSettings = followupSettingsSchema.parse({});

/** Stored keys override the defaults; an invalid stored value falls back to its default rather than failing. */
export async function loadFollowupSettings(db: Executor): Promise<FollowupSettings> {
  return settingsOfRows(await db.select().from(followupSettings));
}

/** loadFollowupSettings over the stored rows read by the caller. */
export function settingsOfRows(rows: Array<{ key: string; value: unknown }>): FollowupSettings {
  const merged: Record<string, unknown> = { ...DEFAULT_FOLLOWUP_SETTINGS };
  const shape = followupSettingsSchema.shape as Record<string, z.ZodType>;
  for (const r of rows) {
    const field = shape[r.key];
    if (!field) continue;
    const parsed = field.safeParse(r.value);
    if (parsed.success) merged[r.key] = parsed.data;
  }
  return followupSettingsSchema.parse(merged);
}

export async function saveFollowupSettings(
  db: Executor,
  patch: Partial<FollowupSettings>,
  actorId: number | null,
  now: Date,
): Promise<void> {
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    await db
      .insert(followupSettings)
      .values({ key, value, updatedById: actorId, updatedAt: now })
      .onConflictDoUpdate({ target: followupSettings.key, set: { value, updatedById: actorId, updatedAt: now } });
  }
}
