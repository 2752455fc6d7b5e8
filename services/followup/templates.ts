import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { messageTemplates } from '../../db/schema/index.ts';
import { DEFAULT_TEMPLATES, defaultTemplate, type TemplateText } from '../../domain/followup/templates.ts';
import type { MessageChannel } from '../../domain/vocabulary.ts';

export type MessageTemplate = typeof messageTemplates.$inferSelect;

/**
 * The template to use: the administrator's row when there is one (inactive = this notification is
 * switched off → null), else the built-in default. `undefined` means the code is unknown for the channel.
 */
export async function resolveTemplate(
  db: Executor,
  code: string,
  channel: MessageChannel,
): Promise<TemplateText | null | undefined> {
  const [row] = await db
    .select()
    .from(messageTemplates)
    .where(and(eq(messageTemplates.code, code), eq(messageTemplates.channel, channel)))
    .limit(1);
  if (row) {
    if (!row.active) return null;
    return { subject: row.subject, body: row.body, confidentialBody: row.confidentialBody, urgent: row.urgent };
  }
  return defaultTemplate(code, channel) ?? undefined;
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
