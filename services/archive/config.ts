import { z } from 'zod';

/** Operators' knobs for the archive mover (the archiving age itself is Follow-up's archiveAfterDays setting). */
const schema = z.object({
  /** How often the mover runs; 0 disables it. */
  ARCHIVE_MOVE_EVERY_MS: z.coerce.number().int().nonnegative().default(3_600_000),
  /** Rows per committed batch. */
  ARCHIVE_MOVE_BATCH: z.coerce.number().int().positive().max(100_000).default(1000),
  /** Time budget of one run; the next run continues. */
  ARCHIVE_MOVE_BUDGET_MS: z.coerce.number().int().positive().default(300_000),
});

export type ArchiveConfig = z.infer<typeof schema>;

export function archiveConfig(env: Record<string, string | undefined> = process.env): ArchiveConfig {
  return schema.parse(env);
}
