import { eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { messageTemplates } from '../../db/schema/index.ts';
import {
  checkTemplate,
  DEFAULT_TEMPLATES,
  defaultTemplate,
  type TemplateText,
} from '../../domain/followup/templates.ts';
import type { MessageChannel } from '../../domain/vocabulary.ts';
import { AppError, conflict, notFound } from '../errors.ts';
import { isUniqueViolation } from '../tickets.ts';

export type MessageTemplate = typeof messageTemplates.$inferSelect;

/**
 * Every channel's template for the given codes in one query. The lookup answers with the administrator's
 * row when there is one (inactive = this notification is switched off → null), else the built-in default;
 * `undefined` means the code is unknown for the channel.
 */
export async function templateLookup(
  db: Executor,
  codes: string[],
): Promise<(code: string, channel: MessageChannel) => TemplateText | null | undefined> {
  return lookupOfRows(codes, await db.select().from(messageTemplates).where(inArray(messageTemplates.code, codes)));
}

/** The stored columns a lookup reads. */
export type TemplateRow = Pick<
  MessageTemplate,
  'code' | 'channel' | 'active' | 'subject' | 'body' | 'confidentialBody' | 'urgent'
>;

/** templateLookup over rows read by the caller: every stored row of `codes`. */
export function lookupOfRows(
  codes: string[],
  rows: TemplateRow[],
): (code: string, channel: MessageChannel) => TemplateText | null | undefined {
  const byKey = new Map(rows.map((r) => [`${r.code}\u0000${r.channel}`, r]));
  return (code, channel) => {
    const row = byKey.get(`${code}\u0000${channel}`);
    if (row) {
      if (!row.active) return null;
      return { subject: row.subject, body: row.body, confidentialBody: row.confidentialBody, urgent: row.urgent };
    }
    if (!codes.includes(code)) throw new Error(`template ${code} was not loaded`);
    return defaultTemplate(code, channel) ?? undefined;
  };
}

/** Writes the built-in templates that are not there yet; an administrator's edits are never overwritten. */
export async function ensureDefaultTemplates(db: Executor): Promise<number> {
  const rows = await db
    .insert(messageTemplates)
    .values(
      DEFAULT_TEMPLATES.map((t) => ({
        code: t.code,
        channel: t.channel,
        name: t.name,
        subject: t.subject ?? null,
        body: t.body,
        confidentialBody: t.confidentialBody ?? null,
        urgent: t.urgent ?? false,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: messageTemplates.id });
  return rows.length;
}

export interface TemplateInput {
  code: string;
  channel: MessageChannel;
  name: string;
  subject?: string | null;
  body: string;
  confidentialBody?: string | null;
  urgent?: boolean;
  active?: boolean;
}

function validateTemplate(t: TemplateText & { channel: MessageChannel }): void {
  const problems = checkTemplate(t);
  if (t.channel === 'email' && !t.subject?.trim()) problems.push({ path: 'subject', message: '邮件模板需要主题' });
  if (problems.length) {
    throw new AppError('validation', `模板有误：${problems.map((p) => `${p.path} ${p.message}`).join('；')}`, {
      fields: problems,
    });
  }
}

export async function createTemplate(db: Executor, input: TemplateInput, actorId: number, now: Date) {
  validateTemplate(input);
  try {
    const [row] = await db
      .insert(messageTemplates)
      .values({ ...input, updatedById: actorId, createdAt: now, updatedAt: now })
      .returning();
    if (!row) throw new AppError('internal', 'template insert returned nothing');
    return row;
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`模板 ${input.code}（${input.channel}）已存在`);
    throw err;
  }
}

export async function updateTemplate(
  db: Executor,
  id: number,
  patch: Partial<Omit<TemplateInput, 'code' | 'channel'>>,
  actorId: number,
  now: Date,
) {
  return db.transaction(async (tx) => {
    const [cur] = await tx.select().from(messageTemplates).where(eq(messageTemplates.id, id)).for('update');
    if (!cur) throw notFound('模板');
    const next = { ...cur, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    validateTemplate(next);
    const [row] = await tx
      .update(messageTemplates)
      .set({
        name: next.name,
        subject: next.subject,
        body: next.body,
        confidentialBody: next.confidentialBody,
        urgent: next.urgent,
        active: next.active,
        updatedById: actorId,
        updatedAt: now,
        version: sql`${messageTemplates.version} + 1`,
      })
      .where(eq(messageTemplates.id, id))
      .returning();
    if (!row) throw notFound('模板');
    return row;
  });
}

/** Deleting a built-in code's row brings back the built-in text (resolveTemplate falls back to it). */
export async function deleteTemplate(db: Executor, id: number) {
  const [row] = await db.delete(messageTemplates).where(eq(messageTemplates.id, id)).returning();
  if (!row) throw notFound('模板');
  return row;
}
