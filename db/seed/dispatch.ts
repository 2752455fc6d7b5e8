import { and, asc, eq, like, sql } from 'drizzle-orm';
import { lookupCatalogue } from '../../domain/routing/catalogue.ts';
import type { Deps } from '../../services/deps.ts';
import { dispatchFromCentre } from '../../services/dispatch/centre.ts';
import { runDispatchTx } from '../../services/dispatch/effects.ts';
import { requestExtension } from '../../services/dispatch/extensions.ts';
import { replyDispatch, reviewReply } from '../../services/dispatch/replies.ts';
import { decideReturn, requestReturn } from '../../services/dispatch/returns.ts';
import { deemSigned, signDispatch } from '../../services/dispatch/sign.ts';
import type { Dispatch, DispatchActor } from '../../services/dispatch/types.ts';
import { loadCatalogue } from '../../services/routing/model.ts';
import type { Db, Executor } from '../client.ts';
import { autoDispatchRules, catalogueEntries, dispatches, tickets } from '../schema/index.ts';
import { CATEGORY_TREE, DISTRICTS } from './cityData.ts';
import { prng } from './demoTickets.ts';
import type { ReferenceIds } from './reference.ts';

/** Matters a street office handles itself (属地管理); the department is the city-wide fallback. */
export const LOCAL_CATEGORIES = ['占道经营', '垃圾清运', '广场舞噪音', '油烟扰民', '违规广告牌', '绿化养护'];

/** Co-handling units the catalogue proposes with the lead: leaf → department codes. */
const CO_UNITS: Record<string, string[]> = {
  燃气泄漏: ['YJJ'],
  夜间施工噪音: ['HBJ'],
  违章建筑: ['ZRJ'],
  食品安全: ['WJW'],
};

export const CATALOGUE_EPOCH = new Date('2026-01-01T00:00:00+08:00');

/**
 * The demo responsibility catalogue: every leaf category → its department city-wide; local matters →
 * each street for its own territory (with the department as the fallback when no street is known).
 */
export async function seedCatalogue(db: Db, ref: ReferenceIds): Promise<number> {
  const rows: Array<typeof catalogueEntries.$inferInsert> = [];
  const unit = (code: string) => {
    const id = ref.unitByCode.get(code);
    if (!id) throw new Error(`unit ${code} missing`);
    return id;
  };
  for (const top of CATEGORY_TREE) {
    for (const mid of top.children) {
      for (const leaf of mid.leaves) {
        const categoryId = ref.leafIds.get(leaf.name);
        if (!categoryId) continue;
        rows.push({
          categoryId,
          jurisdictionId: null,
          unitId: unit(leaf.dept),
          coUnitIds: (CO_UNITS[leaf.name] ?? []).map(unit),
          effectiveFrom: CATALOGUE_EPOCH,
          note: '全市',
        });
        if (!LOCAL_CATEGORIES.includes(leaf.name)) continue;
        for (const d of DISTRICTS) {
          for (const s of d.streets) {
            rows.push({
              categoryId,
              jurisdictionId: unit(s.code),
              unitId: unit(s.code),
              coUnitIds: [],
              effectiveFrom: CATALOGUE_EPOCH,
              note: '属地管理',
            });
          }
        }
      }
    }
  }
  await db.insert(catalogueEntries).values(rows);
  return rows.length;
}

/** Two demo rules: gas leaks and power cuts never wait for a human look. */
export async function seedAutoRules(db: Db, ref: ReferenceIds): Promise<void> {
  const leak = ref.leafIds.get('燃气泄漏');
  const outage = ref.leafIds.get('停电');
  await db.insert(autoDispatchRules).values([
    {
      name: '燃气泄漏直派燃气集团',
      sortOrder: 10,
      conditions: { categoryIds: leak ? [leak] : [], keywords: [] },
      unitId: ref.unitByCode.get('RQJ') ?? null,
      coUnitIds: [ref.unitByCode.get('YJJ') ?? 0].filter(Boolean),
      instructions: '燃气泄漏，请立即上门处置',
    },
    {
      name: '停电按权责清单直派',
      sortOrder: 20,
      conditions: { categoryIds: outage ? [outage] : [] },
      unitId: null,
      instructions: '停电报修，请尽快恢复供电',
    },
  ]);
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

type Target =
  | 'registered'
  | 'dispatched'
  | 'return_requested'
  | 'handling'
  | 'deemed'
  | 'extension'
  | 'replied'
  | 'accepted'
  | 'overdue'
  | 'returned_redispatched';

/** The newest tickets cover the short-lived states, whatever the random draw: every console shows something. */
const NEWEST: Target[] = [
  'dispatched',
  'return_requested',
  'extension',
  'replied',
  'handling',
  'registered',
  'extension',
  'return_requested',
  'dispatched',
  'replied',
];

function pickTarget(rank: number, ageMs: number, r: () => number): Target {
  const x = r();
  const fixed = NEWEST[rank];
  if (fixed) return fixed;
  if (ageMs < 7 * DAY) {
    if (x < 0.1) return 'registered';
    if (x < 0.25) return 'deemed';
    if (x < 0.4) return 'replied';
    if (x < 0.5) return 'returned_redispatched';
    if (x < 0.65) return 'handling';
    return 'accepted';
  }
  if (x < 0.2) return 'overdue';
  if (x < 0.3) return 'returned_redispatched';
  return 'accepted';
}

export interface DispatchSeedResult {
  byTarget: Record<string, number>;
}

/**
 * Moves the demo tickets through the real dispatch services into every state a console shows: waiting to
 * sign, return requested, handling, deemed signed, extension requested, replied, accepted (→ revisit),
 * overdue, and returned-then-redispatched (which teaches the routing model a correction). Each step runs at
 * a plausible past time, so events, clocks and KPIs read like a month of work.
 */
export async function seedDispatchDemo(deps: Deps, ref: ReferenceIds): Promise<DispatchSeedResult> {
  const db = deps.db;
  await seedCatalogue(db, ref);
  await seedAutoRules(db, ref);
  const now = deps.clock.now();
  const catalogue = await loadCatalogue(db);
  const r = prng(6);
  const dispatcher: DispatchActor = {
    id: ref.userByName.get('dispatcher1') ?? null,
    kind: 'user',
    role: 'dispatcher',
    unitId: ref.centreId,
  };
  const unitActor = (unitId: number): DispatchActor => {
    const code = [...ref.unitByCode.entries()].find(([, id]) => id === unitId)?.[0] ?? '';
    return { id: ref.userByName.get(code.toLowerCase()) ?? null, kind: 'unit', role: 'unit_staff', unitId };
  };
  const streetParent = new Map<number, number>();
  for (const d of DISTRICTS) {
    for (const s of d.streets) {
      const sid = ref.unitByCode.get(s.code);
      const did = ref.unitByCode.get(d.code);
      if (sid && did) streetParent.set(sid, did);
    }
  }
  const demo = await db
    .select()
    .from(tickets)
    .where(and(eq(tickets.status, 'registered'), like(tickets.sourceKey, 'demo:%')))
    .orderBy(asc(tickets.createdAt), asc(tickets.id));
  const byTarget: Record<string, number> = {};
  const cgj = ref.unitByCode.get('CGJ') ?? 0;

  /** One ticket's life up to its target state, every step through the real services, in `tx`. */
  const move = async (tx: Executor, t: (typeof demo)[number], target: Target): Promise<void> => {
    if (!t.categoryId) return;
    const chain = t.districtId ? [t.districtId, streetParent.get(t.districtId) ?? 0].filter(Boolean) : [];
    const entry = lookupCatalogue(catalogue, t.categoryId, chain, now);
    if (!entry) return;
    // Recent matters were dispatched just now; older ones ten minutes after they came in.
    const recent = target === 'dispatched' || target === 'return_requested';
    let at = recent
      ? new Date(now.getTime() - 20 * MIN)
      : new Date(Math.max(t.createdAt.getTime(), Math.min(t.createdAt.getTime() + 10 * MIN, now.getTime() - 10 * MIN)));
    const step = (ms: number) => {
      at = new Date(Math.min(at.getTime() + ms, now.getTime() - MIN));
      return at;
    };
    // A wrongly routed first dispatch: the unit returns it, the centre re-dispatches to the right one.
    const wrongFirst = target === 'returned_redispatched';
    const firstUnit = wrongFirst ? (entry.unitId === cgj ? (t.districtId ?? cgj) : cgj) : entry.unitId;
    if (firstUnit === entry.unitId && wrongFirst) return;
    const { lead, co } = await dispatchFromCentre(
      tx,
      deps,
      { ticketId: t.id, unitId: firstUnit, coUnitIds: wrongFirst ? [] : entry.coUnitIds, actor: dispatcher },
      at,
    );
    let d: Dispatch = lead;
    if (target === 'dispatched') return;
    if (target === 'return_requested' || wrongFirst) {
      d = await requestReturn(
        tx,
        deps,
        {
          dispatchId: d.id,
          reasonCode: 'not_our_duty',
          reasonText: '该事项不属于本单位职责，请改派',
          actor: unitActor(d.unitId),
        },
        step(5 * MIN),
      );
      if (target === 'return_requested') return;
      const res = await decideReturn(
        tx,
        deps,
        { dispatchId: d.id, decision: 'approve', newUnitId: entry.unitId, note: '同意退单，改派', actor: dispatcher },
        step(20 * MIN),
      );
      if (!res.newDispatch) return;
      d = res.newDispatch;
    }
    const handler = unitActor(d.unitId);
    if (target === 'deemed') {
      const lapsedAt = d.signDueAt ?? step(2 * HOUR);
      if (lapsedAt.getTime() < now.getTime()) await deemSigned(tx, deps, { dispatchId: d.id, lapsedAt }, lapsedAt);
      return;
    }
    d = await signDispatch(tx, deps, { dispatchId: d.id, actor: handler }, step(30 * MIN));
    if (target === 'handling' || target === 'overdue' || target === 'returned_redispatched') return;
    if (target === 'extension') {
      const due = d.handleDueAt;
      if (!due || due.getTime() <= now.getTime()) return;
      await requestExtension(
        tx,
        deps,
        {
          dispatchId: d.id,
          requestedDueAt: new Date(due.getTime() + 5 * DAY),
          reason: '需协调多个部门现场核查，申请延期',
          actor: handler,
        },
        step(2 * HOUR),
      );
      return;
    }
    // Co-handling units answer first: the lead's reply closes the round only after them.
    for (const c of co) {
      const cu = unitActor(c.unitId);
      await signDispatch(tx, deps, { dispatchId: c.id, actor: cu }, step(10 * MIN));
      await replyDispatch(
        tx,
        deps,
        { dispatchId: c.id, result: 'resolved', publicText: '已配合主办单位完成现场处置。', actor: cu },
        step(HOUR),
      );
    }
    d = await replyDispatch(
      tx,
      deps,
      {
        dispatchId: d.id,
        result: 'resolved',
        publicText: '经现场核实，已安排人员处理完毕，感谢您的监督。',
        internalNotes: '已现场处置并拍照留存',
        attachments: [{ name: '现场照片.jpg', url: `/files/demo/${t.id}.jpg`, contentType: 'image/jpeg' }],
        actor: handler,
      },
      step(r.int(1, 3) * DAY),
    );
    if (target === 'replied') return;
    await reviewReply(tx, deps, { dispatchId: d.id, decision: 'accept', actor: dispatcher }, step(2 * HOUR));
  };

  const targets = new Map<number, Target>();
  [...demo].reverse().forEach((t, rank) => {
    targets.set(t.id, pickTarget(rank, now.getTime() - t.createdAt.getTime(), r.next));
  });
  // Chunks of tickets per transaction: the seed is a batch job, not a thousand tiny commits.
  const CHUNK = 25;
  for (let i = 0; i < demo.length; i += CHUNK) {
    const chunk = demo.slice(i, i + CHUNK).map((t) => ({ t, target: targets.get(t.id) ?? 'registered' }));
    await runDispatchTx(deps, async (tx) => {
      // Demo data: losing the last chunk in a crash costs nothing, waiting for each flush costs seconds.
      await tx.execute(sql`set local synchronous_commit = off`);
      for (const { t, target } of chunk) {
        byTarget[target] = (byTarget[target] ?? 0) + 1;
        if (target !== 'registered') await move(tx, t, target);
      }
    });
  }
  return { byTarget };
}

/** Dispatch rows of the demo (tests and the seed report). */
export async function countDispatches(db: Db): Promise<number> {
  return (await db.select({ id: dispatches.id }).from(dispatches)).length;
}
