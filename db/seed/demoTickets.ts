import { eq } from 'drizzle-orm';
import type { Channel } from '../../domain/vocabulary.ts';
import { recordEvent } from '../../services/events.ts';
import { allocateTicketNo, insertTicket } from '../../services/tickets.ts';
import type { Db } from '../client.ts';
import { tickets } from '../schema/index.ts';
import { CATEGORY_TREE, DISTRICTS, RESIDENCES, STREET_NAMES, SURNAMES } from './cityData.ts';
import type { ReferenceIds } from './reference.ts';

/** Small deterministic PRNG so every fresh demo city looks the same. */
export function prng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T,
    int: (a: number, b: number) => a + Math.floor(next() * (b - a + 1)),
  };
}

const CHANNEL_MIX: Channel[] = ['phone', 'phone', 'phone', 'phone', 'phone', 'sms', 'web', 'web', 'email', 'window'];

export interface DemoTicket {
  id: number;
  leaf: string;
  dept: string;
  streetCode: string;
  createdAt: Date;
}

/**
 * A few hundred realistic tickets over the last month. Consultations are mostly answered on the call,
 * as in a real centre (55–85% of volume); the rest wait for dispatch, and later seeds move them on.
 */
export async function seedDemoTickets(db: Db, ref: ReferenceIds, now: Date, count = 300): Promise<DemoTicket[]> {
  const r = prng(12345);
  const leaves = CATEGORY_TREE.flatMap((t) => t.children.flatMap((m) => m.leaves));
  const streets = DISTRICTS.flatMap((d) => d.streets);
  const agents = ['agent1', 'agent2'].map((u) => ref.userByName.get(u) ?? null);
  const out: DemoTicket[] = [];
  for (let i = 0; i < count; i++) {
    const leaf = r.pick(leaves);
    const street = r.pick(streets);
    const channel = r.pick(CHANNEL_MIX);
    const createdAt = new Date(now.getTime() - r.int(0, 30 * 24 * 60) * 60_000);
    const address = `${street.name}${r.pick(STREET_NAMES)}${r.int(1, 300)}号${r.pick(RESIDENCES)}`;
    const content = `${r.pick(leaf.samples)}。地点：${address}。`;
    const phone = `+861${r.pick(['38', '39', '58', '86', '35', '77'])}${String(r.int(10000000, 99999999))}`;
    const agentId = channel === 'phone' ? r.pick(agents) : null;
    const ticketNo = await allocateTicketNo(db, createdAt);
    const directAnswer = leaf.type === 'consultation' && channel === 'phone' && r.next() < 0.8;
    const id = await db.transaction(async (tx) => {
      const t = await insertTicket(
        tx,
        ticketNo,
        {
          channel,
          type: leaf.type,
          priority: r.next() < 0.05 ? 'urgent' : 'normal',
          content,
          address,
          categoryId: ref.leafIds.get(leaf.name) ?? null,
          districtId: ref.unitByCode.get(street.code) ?? null,
          confidential: r.next() < 0.08,
          contact: { phone, name: `${r.pick(SURNAMES)}先生` },
          sourceKey: `demo:${i}`,
        },
        { id: agentId, kind: agentId ? 'user' : 'citizen' },
        createdAt,
      );
      if (directAnswer) {
        const closedAt = new Date(createdAt.getTime() + r.int(2, 8) * 60_000);
        await tx
          .update(tickets)
          .set({ status: 'closed', closeReason: 'direct_answer', closedAt, updatedAt: closedAt })
          .where(eq(tickets.id, t.id));
        await recordEvent(tx, {
          ticketId: t.id,
          action: 'ticket.answered_directly',
          at: closedAt,
          actorId: agentId,
          fromStatus: 'registered',
          toStatus: 'closed',
          payload: { answer: '已根据知识库答复市民。' },
        });
      }
      return t.id;
    });
    if (!directAnswer) out.push({ id, leaf: leaf.name, dept: leaf.dept, streetCode: street.code, createdAt });
  }
  return out;
}
