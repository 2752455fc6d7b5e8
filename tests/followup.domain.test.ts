import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCalendar, DEFAULT_CALENDAR_SPEC } from '../domain/calendar/index.ts';
import { mailDomain, outboundMessageId, threadHeaders, ticketNoFromMail } from '../domain/followup/mailThread.ts';
import { inQuietHours, releaseTime } from '../domain/followup/quietHours.ts';
import { isBadReview, reviewStats } from '../domain/followup/reviews.ts';
import { nextRevisitAction, parseSmsAnswer, retryPlan } from '../domain/followup/revisit.ts';
import { checkTemplate, clip, DEFAULT_TEMPLATES, renderTemplate } from '../domain/followup/templates.ts';

const cal = buildCalendar(DEFAULT_CALENDAR_SPEC);
const policy = { unreachableAttempts: 3, unreachableWithinWorkingDays: 2 };

describe('SMS answers to a revisit', () => {
  it.each([
    ['1', 'satisfied', null],
    ['2', 'basically_satisfied', null],
    ['3', 'dissatisfied', null],
    [' 3 还是不亮', 'dissatisfied', '还是不亮'],
    ['3，路灯晚上还是不亮', 'dissatisfied', '路灯晚上还是不亮'],
    ['３', 'dissatisfied', null],
    ['1.谢谢', 'satisfied', '谢谢'],
    ['满意', 'satisfied', null],
    ['非常满意，谢谢', 'satisfied', '谢谢'],
    ['基本满意 还要再看看', 'basically_satisfied', '还要再看看'],
    ['不满意！根本没人来', 'dissatisfied', '根本没人来'],
  ])('%s → %s', (text, result, comment) => {
    expect(parseSmsAnswer(text)).toEqual({ result, comment });
  });

  it.each(['4', '12', '123456', '13812345678', '你好，我要反映噪音', '', '一'])('"%s" is not an answer', (text) => {
    expect(parseSmsAnswer(text)).toBeNull();
  });

  it('keeps any comment after the digit', () => {
    fc.assert(
      fc.property(fc.constantFrom('1', '2', '3'), fc.string({ minLength: 1, maxLength: 40 }), (d, c) => {
        const comment = c.replace(/\s+/g, ' ').trim();
        fc.pre(comment.length > 0 && !/^[0-9,，.。:：;；、\-—]/.test(comment));
        const a = parseSmsAnswer(`${d} ${comment}`);
        expect(a?.comment).toBe(comment);
      }),
    );
  });
});

describe('quiet hours 21:00–08:00 Asia/Shanghai', () => {
  it('holds until 08:00 the same or the next morning, never holds urgent messages', () => {
    expect(releaseTime(new Date('2026-11-23T13:00:00Z'), false).toISOString()).toBe('2026-11-24T00:00:00.000Z'); // 21:00
    expect(releaseTime(new Date('2026-11-23T12:59:59Z'), false).toISOString()).toBe('2026-11-23T12:59:59.000Z'); // 20:59:59
    expect(releaseTime(new Date('2026-11-23T13:00:01Z'), false).toISOString()).toBe('2026-11-24T00:00:00.000Z'); // 21:00:01
    expect(releaseTime(new Date('2026-11-23T18:30:00Z'), false).toISOString()).toBe('2026-11-24T00:00:00.000Z'); // 02:30
    expect(releaseTime(new Date('2026-11-24T00:00:00Z'), false).toISOString()).toBe('2026-11-24T00:00:00.000Z'); // 08:00
    expect(releaseTime(new Date('2026-11-23T18:30:00Z'), true).toISOString()).toBe('2026-11-23T18:30:00.000Z');
  });

  it('property: the release is never earlier than now, never inside quiet hours, and at most 11 h away', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2024-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }), (d) => {
        const r = releaseTime(d, false);
        expect(r.getTime()).toBeGreaterThanOrEqual(d.getTime());
        expect(inQuietHours(r)).toBe(false);
        expect(r.getTime() - d.getTime()).toBeLessThanOrEqual(11 * 3600_000);
        if (!inQuietHours(d)) expect(r).toEqual(d);
      }),
    );
  });

  it('supports a span that does not wrap midnight', () => {
    const q = { start: '12:00', end: '13:30' };
    expect(releaseTime(new Date('2026-11-23T04:10:00Z'), false, q).toISOString()).toBe('2026-11-23T05:30:00.000Z');
  });
});

describe('unreachable retries', () => {
  it('spreads three attempts over two working days, skipping the weekend', () => {
    // Friday 16:00 → working time left: Fri 1.5 h + Mon 7 h = 8.5 h → every 170 min.
    const plan = retryPlan(cal, new Date('2026-11-27T08:00:00Z'), policy);
    expect(plan.map((d) => d.toISOString())).toEqual([
      '2026-11-27T08:00:00.000Z', // Fri 16:00
      '2026-11-30T02:20:00.000Z', // Mon 10:20
      '2026-11-30T06:40:00.000Z', // Mon 14:40 (lunch skipped)
    ]);
  });

  it('maps each result to the next action', () => {
    const ctx = {
      attemptsMade: 1,
      firstAttemptAt: new Date('2026-11-23T02:00:00Z'),
      now: new Date('2026-11-23T02:00:00Z'),
      cal,
      policy,
    };
    expect(nextRevisitAction('satisfied', ctx)).toEqual({ kind: 'close', closeReason: 'satisfied' });
    expect(nextRevisitAction('basically_satisfied', ctx)).toEqual({ kind: 'close', closeReason: 'satisfied' });
    expect(nextRevisitAction('dissatisfied', ctx)).toEqual({ kind: 'rehandle' });
    expect(nextRevisitAction('unreachable', ctx).kind).toBe('retry');
    expect(nextRevisitAction('unreachable', { ...ctx, attemptsMade: 3 })).toEqual({
      kind: 'close',
      closeReason: 'unreachable',
    });
    // A late agent: the next attempt is due at once, not in the past.
    const late = nextRevisitAction('unreachable', { ...ctx, now: new Date('2026-11-25T02:00:00Z') });
    expect(late).toEqual({ kind: 'retry', at: new Date('2026-11-25T02:00:00Z') });
  });
});

describe('templates', () => {
  it('fills variables and reports missing ones', () => {
    const r = renderTemplate({
      template: { body: '工单{ticketNo}转{unitName}，期限{dueDate}' },
      channel: 'sms',
      confidential: false,
      vars: { ticketNo: '20261123000001', unitName: '城管局' },
    });
    expect(r).toEqual({ subject: null, body: '工单20261123000001转城管局，期限', missing: ['dueDate'] });
  });

  it('keeps one full stop where a value ends its sentence before the template’s own', () => {
    const r = renderTemplate({
      template: { body: '工单{ticketNo}已答复办结：{replySummary}。完整答复凭查询码查询。{note}' },
      channel: 'sms',
      confidential: false,
      vars: { ticketNo: 'N1', replySummary: '可在“跨省通办”专区线上申请，邮寄到家。', note: '谢谢。' },
    });
    expect(r.body).toBe('工单N1已答复办结：可在“跨省通办”专区线上申请，邮寄到家。完整答复凭查询码查询。谢谢。');
  });

  it('renders only safe variables into a confidential SMS, even from a careless template', () => {
    const r = renderTemplate({
      template: { body: '{title}', confidentialBody: '工单{ticketNo}：{title}{unitName}' },
      channel: 'sms',
      confidential: true,
      vars: { ticketNo: 'N1', title: '举报', unitName: '纪委' },
    });
    expect(r.body).toBe('工单N1：');
    const generic = renderTemplate({
      template: { body: '{title}' },
      channel: 'sms',
      confidential: true,
      vars: { ticketNo: 'N1', queryCode: 'Q', title: '举报' },
    });
    expect(generic.body).not.toContain('举报');
    // E-mail goes to the citizen's own mailbox: the details are allowed there.
    const mail = renderTemplate({
      template: { body: '{title}' },
      channel: 'email',
      confidential: true,
      vars: { title: '举报' },
    });
    expect(mail.body).toBe('举报');
  });

  it('ships defaults that pass their own checks, with a safe variant for every SMS', () => {
    for (const t of DEFAULT_TEMPLATES) {
      expect(checkTemplate(t), `${t.code}/${t.channel}`).toEqual([]);
      if (t.channel === 'sms') expect(t.confidentialBody, t.code).toBeTruthy();
      if (t.channel === 'email') expect(t.subject, t.code).toContain('[#{ticketNo}]');
    }
    expect(checkTemplate({ body: '{nope}', confidentialBody: '{title}' })).toEqual([
      { path: 'body', message: '未知变量 {nope}' },
      { path: 'confidentialBody', message: '保密件短信不得使用 {title}（会泄露诉求内容）' },
    ]);
  });

  it('clips long text on whole characters', () => {
    expect(clip('一二三四五六', 4)).toBe('一二三…');
    expect(clip('  a\n b ', 10)).toBe('a b');
  });
});

describe('e-mail threading', () => {
  it('finds the ticket from the subject or the threading headers', () => {
    const domain = mailDomain('12345热线 <noreply@hotline.example>');
    expect(domain).toBe('hotline.example');
    const id = outboundMessageId(42, '20261123000007', domain);
    expect(id).toBe('<huiyin-msg-42.20261123000007@hotline.example>');
    expect(ticketNoFromMail({ subject: 'Re: hello', inReplyTo: id })).toBe('20261123000007');
    expect(ticketNoFromMail({ subject: '回复：[#20261123000009] 已受理' })).toBe('20261123000009');
    expect(ticketNoFromMail({ references: ['<x@y>', '<huiyin-ticket-20261123000011@hotline.example>'] })).toBe(
      '20261123000011',
    );
    expect(ticketNoFromMail({ subject: '新问题' })).toBeNull();
    expect(threadHeaders({ ticketNo: '20261123000007', domain, citizenMessageId: '<c@mail>' })).toEqual({
      inReplyTo: '<c@mail>',
      references: ['<huiyin-ticket-20261123000007@hotline.example>', '<c@mail>'],
    });
  });
});

describe('window reviews', () => {
  it('counts bad reviews and their follow-up rates', () => {
    expect(isBadReview('dissatisfied')).toBe(true);
    expect(isBadReview('basically_satisfied')).toBe(false);
    expect(reviewStats({ total: 10, bad: 2, badRevisited: 2, badFixed: 1, badOverdue: 0 })).toMatchObject({
      good: 8,
      revisitRate: 1,
      fixRate: 0.5,
      goodRate: 0.8,
    });
    expect(reviewStats({ total: 0, bad: 0, badRevisited: 0, badFixed: 0, badOverdue: 0 }).revisitRate).toBeNull();
  });
});
