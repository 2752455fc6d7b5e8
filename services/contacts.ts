import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { contacts } from '../db/schema/index.ts';

export interface ContactInput {
  phone?: string | null;
  email?: string | null;
  name?: string | null;
}

export type Contact = typeof contacts.$inferSelect;

/**
 * One citizen, one contact, whichever channel they used: find by normalised phone, else e-mail, else
 * create. Upsert on the unique key so two simultaneous first contacts still make one row.
 */
export async function resolveContact(tx: Executor, input: ContactInput): Promise<Contact | null> {
  const email = input.email?.trim().toLowerCase() || null;
  const phone = input.phone || null;
  const name = input.name?.trim() || null;
  if (!phone && !email) return null;
  if (phone) {
    // An e-mail already owned by another contact stays there rather than failing the intake.
    const emailTaken = email
      ? (await tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.email, email)).limit(1)).length > 0
      : false;
    const [row] = await tx
      .insert(contacts)
      .values({ phone, email: emailTaken ? null : email, name })
      .onConflictDoUpdate({
        target: contacts.phone,
        set: {
          name: sql`coalesce(${contacts.name}, excluded.name)`,
          email: sql`coalesce(${contacts.email}, excluded.email)`,
          updatedAt: sql`now()`,
        },
      })
      .returning();
    return row ?? null;
  }
  const [row] = await tx
    .insert(contacts)
    .values({ email, name })
    .onConflictDoUpdate({
      target: contacts.email,
      set: { name: sql`coalesce(${contacts.name}, excluded.name)`, updatedAt: sql`now()` },
    })
    .returning();
  return row ?? null;
}

export async function findContactByPhone(db: Executor, phone: string): Promise<Contact | null> {
  const [row] = await db.select().from(contacts).where(eq(contacts.phone, phone)).limit(1);
  return row ?? null;
}
