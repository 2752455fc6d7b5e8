import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { ReviewRating } from '../../domain/followup/reviews.ts';
import type { RevisitResult } from '../../domain/followup/revisit.ts';
import type { Deps } from '../../services/deps.ts';
import { runDispatchTx } from '../../services/dispatch/effects.ts';
import { createReview, fixReview, revisitReview } from '../../services/followup/reviews.ts';
import { moveToPhoneQueue, recordRevisitResult } from '../../services/followup/revisits.ts';
import { ensureDefaultTemplates } from '../../services/followup/templates.ts';
import { messages, revisits } from '../schema/index.ts';
import { prng } from './demoTickets.ts';
import type { ReferenceIds } from './reference.ts';

const HOUR = 3600_000;

/**
 * Follow-up demo data: the message templates; the revisits the dispatch seed opened, answered the way a
 * centre sees them (mostly satisfied by SMS, some dissatisfied → re-handled, some in the agents' phone
 * queue, a few unreachable); window reviews with their bad ones revisited and fixed; and the history of
 * citizen messages marked as delivered (a demo must not text the seeded phone numbers when Twilio is
 * configured later).
 */
export async function seedFollowupDemo(deps: Deps, ref: ReferenceIds): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const bump = (k: string) => {
    counts[k] = (counts[k] ?? 0) + 1;
  };
  counts.templates = await ensureDefaultTemplates(deps.db);
  const now = deps.clock.now();
  const r = prng(777);
  const agentId = ref.userByName.get('agent1') ?? null;
  const agent = { id: agentId, kind: 'user' as const };
  const citizen = { id: null, kind: 'citizen' as const };

  // Revisits opened more than a day ago get their answer; the newest stay open (SMS sent, waiting).
  const open = await deps.db
    .select()
    .from(revisits)
    .where(and(eq(revisits.status, 'open'), lt(revisits.createdAt, new Date(now.getTime() - 24 * HOUR))))
    .orderBy(asc(revisits.id));
  for (const rv of open) {
    const at = new Date(Math.min(rv.createdAt.getTime() + r.int(1, 20) * HOUR, now.getTime() - HOUR));
    const x = r.next();
    const answer = async (result: RevisitResult, via: 'sms' | 'phone', comment: string | null, when: Date) =>
      runDispatchTx(deps, (tx) =>
        recordRevisitResult(
          tx,
          deps,
          { revisitId: rv.id, result, comment, via, actor: via === 'sms' ? citizen : agent },
          when,
        ),
      );
    if (x < 0.7) {
      await answer('satisfied', 'sms', r.next() < 0.2 ? '谢谢，处理很及时' : null, at);
      bump('satisfied');
    } else if (x < 0.8) {
      await answer('basically_satisfied', 'sms', '处理了，但速度有点慢', at);
      bump('basically_satisfied');
    } else if (x < 0.88) {
      await answer('dissatisfied', 'sms', '问题没有解决', at);
      bump('dissatisfied');
    } else {
      await runDispatchTx(deps, (tx) => moveToPhoneQueue(tx, rv.id, at, 'sms_unanswered'));
      const tries = r.int(0, 3);
      for (let i = 0; i < tries; i++) {
        const when = new Date(at.getTime() + i * 5 * HOUR);
        if (when.getTime() >= now.getTime()) break;
        await answer('unreachable', 'phone', '无人接听', when);
      }
      bump(tries >= 3 ? 'unreachable_closed' : 'phone_queue');
    }
  }

  const ratings: ReviewRating[] = [
    'very_satisfied',
    'very_satisfied',
    'satisfied',
    'satisfied',
    'satisfied',
    'basically_satisfied',
    'dissatisfied',
    'very_dissatisfied',
  ];
  const halls = ['市民服务中心', '城东区政务服务大厅', '城西区政务服务大厅'];
  const matters = ['不动产登记', '社保卡补办', '营业执照变更', '居住证办理', '公积金提取'];
  const clerk = ref.userByName.get('clerk1') ?? null;
  const supervisor = ref.userByName.get('supervisor1') ?? null;
  for (let i = 0; i < 40; i++) {
    const reviewedAt = new Date(now.getTime() - r.int(1, 30 * 24) * HOUR);
    const rating = r.pick(ratings);
    const review = await createReview(
      deps.db,
      {
        hall: r.pick(halls),
        windowName: `${r.int(1, 12)}号窗口`,
        matter: r.pick(matters),
        rating,
        comment: rating.includes('dissatisfied') ? '材料要求没有一次性告知，来回跑了好几趟' : null,
        reviewedAt,
      },
      clerk,
      reviewedAt,
    );
    bump(`review_${rating}`);
    // Old bad reviews are revisited and fixed (the published 100%); the newest are still being worked on.
    if (review.bad && reviewedAt.getTime() < now.getTime() - 3 * 24 * HOUR) {
      await revisitReview(
        deps.db,
        review.id,
        '已电话致歉并告知完整材料清单',
        agentId ?? 0,
        new Date(reviewedAt.getTime() + 4 * HOUR),
      );
      await fixReview(
        deps.db,
        review.id,
        '窗口公示一次性告知清单，对窗口人员进行培训',
        supervisor ?? 0,
        new Date(reviewedAt.getTime() + 48 * HOUR),
      );
    }
  }

  // Seeded history: what was "sent" in the past was sent; nothing of it goes to real numbers later.
  const settled = await deps.db
    .update(messages)
    .set({
      status: 'sent',
      sentAt: sql`greatest(${messages.notBefore}, ${messages.createdAt})`,
      meta: sql`${messages.meta} || '{"seeded": true}'::jsonb`,
    })
    .where(and(eq(messages.direction, 'out'), inArray(messages.status, ['queued', 'held'])))
    .returning({ id: messages.id });
  counts.messagesSettled = settled.length;
  return counts;
}
