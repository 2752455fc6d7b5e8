import { asc, eq } from 'drizzle-orm';
import { ticketEvents } from '../../db/schema/index.ts';
import { seedCalendars } from '../../db/seed/calendars.ts';
import { seedCatalogue } from '../../db/seed/dispatch.ts';
import type { ReferenceIds } from '../../db/seed/reference.ts';
import type { Harness } from './harness.ts';
import { must, seedCity } from './seed.ts';

/** The demo city with its calendars, SLA policies and responsibility catalogue (no demo tickets). */
export async function seedDispatchCity(h: Harness): Promise<ReferenceIds> {
  const ref = await seedCity(h);
  await seedCalendars(h.deps, ref);
  await seedCatalogue(h.deps.db, ref);
  return ref;
}

export interface Json {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: test responses are read field by field
  body: any;
}

export async function call(h: Harness, method: string, path: string, token: string, body?: unknown): Promise<Json> {
  const res = await h.request(method, path, { token, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Registers a ticket as an agent through the public API. */
export async function agentTicket(
  h: Harness,
  token: string,
  body: Record<string, unknown> = {},
): Promise<{ id: number; ticketNo: string }> {
  const res = await call(h, 'POST', '/api/tickets', token, {
    type: 'help',
    content: '小区门口路灯坏了一个多星期，晚上很黑不安全',
    address: '城东区东风街道幸福路12号阳光花园',
    phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
    name: '王先生',
    ...body,
  });
  if (res.status !== 201) throw new Error(`ticket: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export function unitId(ref: ReferenceIds, code: string): number {
  return must(ref.unitByCode.get(code), `unit ${code}`);
}

export function categoryId(ref: ReferenceIds, leaf: string): number {
  return must(ref.leafIds.get(leaf), `category ${leaf}`);
}

export async function eventsOf(h: Harness, ticketId: number) {
  return h.deps.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(asc(ticketEvents.id));
}

/** Shanghai wall-clock time as an instant: sh('2026-11-23 10:00'). */
export function sh(local: string): Date {
  return new Date(`${local.replace(' ', 'T')}:00+08:00`);
}
