import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { type CallEventData, mergeCallEvents } from '../domain/intake/callRecord.ts';
import { clusterPeers, samePlace } from '../domain/intake/cluster.ts';
import { smsKeyword, ticketNoInSubject, ticketNoInText } from '../domain/intake/keywords.ts';
import { publicReply, publicStatusLabel, publicTimeline } from '../domain/intake/publicView.ts';
import { findRepeatOf } from '../domain/intake/repeat.ts';
import { jaccard, textSimilarity } from '../domain/intake/similarity.ts';
import { normalizePhone, reportedNumberKey, validCnMobile } from '../domain/phone.ts';

const t0 = new Date('2026-11-23T02:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
const base = { from: '13807345678', to: '12345', direction: 'in' as const };

describe('call record merging', () => {
  const newCall: CallEventData = { ...base, event: 'newCall', at: at(0), queue: 'general' };
  const answer: CallEventData = { ...base, event: 'answer', at: at(12), answeringNumber: '8001' };
  const hangup: CallEventData = {
    ...base,
    event: 'hangup',
    at: at(192),
    cause: 'normal',
    recordingUrl: 'https://pbx/rec/1.wav',
  };

  it('gives waiting and talking time whatever order the events arrive in', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray([newCall, answer, hangup], { minLength: 3, maxLength: 3 }), (events) => {
        const r = mergeCallEvents(events);
        expect(r).toMatchObject({
          status: 'completed',
          waitSeconds: 12,
          talkSeconds: 180,
          answeringNumber: '8001',
          queue: 'general',
          cause: 'normal',
          recordingUrl: 'https://pbx/rec/1.wav',
        });
        expect(r.offeredAt).toEqual(at(0));
      }),
    );
  });

  it('calls an inbound hang-up before answer missed, and an outbound one unanswered', () => {
    expect(mergeCallEvents([hangup, newCall])).toMatchObject({ status: 'missed', waitSeconds: 192, talkSeconds: null });
    const out = { ...base, direction: 'out' as const };
    expect(
      mergeCallEvents([
        { ...newCall, ...out },
        { ...hangup, ...out },
      ]).status,
    ).toBe('unanswered');
  });

  it('stays ringing on newCall alone and answered until the hang-up comes', () => {
    expect(mergeCallEvents([newCall]).status).toBe('ringing');
    expect(mergeCallEvents([answer, newCall])).toMatchObject({
      status: 'answered',
      waitSeconds: 12,
      talkSeconds: null,
    });
  });

  it('does not invent a waiting time when newCall never arrived', () => {
    expect(mergeCallEvents([hangup, answer])).toMatchObject({
      status: 'completed',
      waitSeconds: null,
      talkSeconds: 180,
    });
  });
});

describe('repeat detection', () => {
  const subject = {
    id: 10,
    contactId: 1,
    categoryId: 5,
    title: '幸福路路灯不亮',
    content: '幸福路12号路灯坏了，晚上很黑，请尽快修理',
    createdAt: at(86_400 * 3),
  };
  const prior = { ...subject, id: 3, repeatOfId: null, createdAt: at(0) };

  it('links the same contact, same category, similar content within 30 days', () => {
    expect(findRepeatOf(subject, [prior])).toMatchObject({ originalId: 3, matchedId: 3 });
  });

  it('links a repeat of a repeat to the first ticket', () => {
    expect(findRepeatOf(subject, [{ ...prior, id: 7, repeatOfId: 3 }])?.originalId).toBe(3);
  });

  it('ignores other contacts, other categories, old tickets and different matters', () => {
    expect(findRepeatOf(subject, [{ ...prior, contactId: 2 }])).toBeNull();
    expect(findRepeatOf(subject, [{ ...prior, categoryId: 6 }])).toBeNull();
    expect(findRepeatOf({ ...subject, createdAt: at(86_400 * 31) }, [prior])).toBeNull();
    expect(
      findRepeatOf(subject, [{ ...prior, title: '噪音扰民', content: '楼下餐馆夜间排风机噪音太大影响睡觉' }]),
    ).toBeNull();
    expect(findRepeatOf({ ...subject, contactId: null }, [prior])).toBeNull();
  });

  it('measures similarity on jieba words', () => {
    expect(jaccard(new Set(['a', 'b']), new Set(['b', 'c']))).toBeCloseTo(1 / 3);
    expect(jaccard(new Set(), new Set(['a']))).toBe(0);
    expect(textSimilarity('幸福路路灯坏了', '幸福路的路灯坏了')).toBeGreaterThan(0.6);
  });
});

describe('cluster proposal', () => {
  it('treats the same address written differently as the same place', () => {
    expect(samePlace('城东区幸福路12号', '城东区 幸福路12号附近')).toBe(true);
    expect(samePlace('幸福路12号', '幸福路12号。')).toBe(true);
    expect(samePlace('幸福路12号', '解放路88号')).toBe(false);
    expect(samePlace(null, '幸福路12号')).toBe(false);
  });

  it('finds other citizens at the same place and category within a day', () => {
    const s = { id: 9, contactId: 1, categoryId: 5, address: '城东区幸福路12号', createdAt: at(7200) };
    const peers = clusterPeers(s, [
      { id: 1, contactId: 2, categoryId: 5, address: '城东区幸福路12号附近', createdAt: at(0), clusterId: null },
      { id: 2, contactId: 1, categoryId: 5, address: '城东区幸福路12号', createdAt: at(0), clusterId: null },
      { id: 3, contactId: 3, categoryId: 6, address: '城东区幸福路12号', createdAt: at(0), clusterId: null },
      { id: 4, contactId: 4, categoryId: 5, address: '城东区幸福路12号', createdAt: at(-86_400), clusterId: null },
    ]);
    expect(peers.map((p) => p.id)).toEqual([1]);
    expect(clusterPeers({ ...s, categoryId: null }, [])).toEqual([]);
  });
});

describe('keywords', () => {
  it('reads whole-message opt-out and opt-in words only', () => {
    for (const w of ['退订', 'TD', 'td', 'STOP', 'stop ', 'Unsubscribe']) expect(smsKeyword(w)).toBe('opt_out');
    for (const w of ['START', '订阅']) expect(smsKeyword(w)).toBe('opt_in');
    for (const w of ['停止施工扰民', 'STOP the noise', '1']) expect(smsKeyword(w)).toBeNull();
  });

  it('finds ticket numbers in subjects and texts', () => {
    expect(ticketNoInSubject('Re: [#20261123000042] 您的诉求已受理')).toBe('20261123000042');
    expect(ticketNoInSubject('Re: 20261123000042')).toBeNull();
    expect(ticketNoInText('#20261123000042 补充：照片已拍')).toBe('20261123000042');
    expect(ticketNoInText('电话 138073456789012')).toBeNull();
  });
});

describe('public view', () => {
  const ev = (action: string, payload: Record<string, unknown> = {}) => ({ action, at: t0, payload });
  it('shows milestones, never internal steps, and the reply only once accepted', () => {
    const events = [
      ev('ticket.created'),
      ev('ticket.note', { text: '内部备注' }),
      ev('dispatch.created', { unitId: 7 }),
      ev('dispatch.created', { unitId: 8 }),
      ev('dispatch.replied', { content: '已修复路灯' }),
    ];
    expect(publicTimeline(events).map((m) => m.label)).toEqual(['已受理', '已转交承办单位办理']);
    expect(publicReply(events)).toBeNull();
    expect(publicReply([...events, ev('dispatch.reply_accepted')])).toBe('已修复路灯');
    expect(publicReply([ev('ticket.answered_directly', { answer: '请携带身份证办理' })])).toBe('请携带身份证办理');
    expect(publicStatusLabel('replied')).toBe('办理中');
  });
});

describe('phone numbers', () => {
  it('normalises what callers, PBXs and forms send to E.164, and refuses what is no number', () => {
    expect(normalizePhone('138 1234 5678')).toBe('+8613812345678');
    expect(normalizePhone('0086-138-1234-5678')).toBe('+8613812345678');
    expect(normalizePhone('8613812345678')).toBe('+8613812345678');
    expect(normalizePhone('（0734）8123456')).toBe('+867348123456');
    expect(normalizePhone('8123456')).toBe('+867348123456'); // a local landline gets the centre's area code
    expect(normalizePhone('12345')).toBeNull();
    expect(normalizePhone('  ')).toBeNull();
  });

  it("takes mainland mobile numbers without the full parse, with the full parse's result", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1\d{10}$/), fc.constantFrom('', '+86', '86', '0086'), (national, prefix) => {
        const typed = `${prefix}${national}`;
        const parsed = parsePhoneNumberFromString(`+86${national}`, 'CN');
        const full = parsed?.isValid() ? parsed.number : null;
        const fast = validCnMobile(typed.replace(/^00/, '+'));
        // The shortcut decides only numbers the full parse accepts, and gives the same E.164.
        if (fast !== undefined) expect(fast).toBe(full);
        expect(normalizePhone(typed)).toBe(full);
      }),
      { numRuns: 2000 },
    );
    expect(validCnMobile('13812345678')).toBe('+8613812345678');
    expect(validCnMobile('+8610012345678')).toBeUndefined();
  });

  it('keys a reported sender as normalizePhone would, falling back to the number as given', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 9 }), fc.stringMatching(/^\d{9}$/), (second, rest) => {
        const from = `+861${second}${rest}`;
        expect(reportedNumberKey(from)).toBe(normalizePhone(from) ?? from);
      }),
    );
    expect(reportedNumberKey('+86 138 1234 5678')).toBe('+8613812345678');
    expect(reportedNumberKey('07348123456')).toBe('+867348123456');
    expect(reportedNumberKey(' 95588 ')).toBe('95588');
  });
});
