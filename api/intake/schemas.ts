import { z } from '@hono/zod-openapi';
import { CALL_DIRECTIONS, CALL_EVENTS } from '../../domain/intake/callRecord.ts';
import { WINDOW_REASONS, WINDOW_REVIEW_OUTCOMES } from '../../domain/intake/window.ts';
import { AppError } from '../../services/errors.ts';
import { inputFieldErrors, invalidInputMessage } from '../errors.ts';
import { rowId } from '../lib/ids.ts';

/** Validation for routes that must authenticate before reading the body (CTI secret, Twilio signature). */
export function parseBody<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
  const r = schema.safeParse(data);
  const fields = inputFieldErrors(r);
  if (fields.length) throw new AppError('validation', invalidInputMessage(fields), { fields });
  return r.data as z.infer<S>;
}

const ts = z.string().nullable();

export const ctiEventSchema = z
  .object({
    event: z.enum(CALL_EVENTS),
    callId: z.string().trim().min(1).max(100),
    from: z.string().trim().min(1).max(40),
    to: z.string().trim().min(1).max(40),
    direction: z.enum(CALL_DIRECTIONS),
    queue: z.string().trim().max(60).nullish(),
    answeringNumber: z.string().trim().max(40).nullish(),
    cause: z.string().trim().max(100).nullish(),
    recordingUrl: z.url().max(500).nullish(),
    at: z.iso.datetime({ offset: true }).nullish(),
  })
  .superRefine((v, ctx) => {
    if (v.event === 'answer' && !v.answeringNumber) {
      ctx.addIssue({ code: 'custom', path: ['answeringNumber'], message: 'answer 事件必须带应答分机号' });
    }
  })
  .openapi('CtiEvent');

export const callSchema = z
  .object({
    id: z.number(),
    callId: z.string(),
    direction: z.enum(CALL_DIRECTIONS),
    fromNumber: z.string(),
    toNumber: z.string().nullable(),
    phone: z.string().nullable(),
    contactId: z.number().nullable(),
    queue: z.string().nullable(),
    answeringNumber: z.string().nullable(),
    agentId: z.number().nullable(),
    status: z.string().openapi({ description: 'ringing | answered | completed | missed | unanswered' }),
    offeredAt: ts,
    answeredAt: ts,
    endedAt: ts,
    waitSeconds: z.number().nullable(),
    talkSeconds: z.number().nullable(),
    cause: z.string().nullable(),
    recordingUrl: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Call');

const ticketSummary = z.object({
  id: z.number(),
  ticketNo: z.string(),
  title: z.string(),
  status: z.string(),
  type: z.string(),
  channel: z.string(),
  createdAt: z.string(),
  dueAt: ts,
});

export const callerSchema = z
  .object({
    phone: z.string().nullable(),
    contact: z
      .object({
        id: z.number(),
        name: z.string().nullable(),
        phone: z.string().nullable(),
        email: z.string().nullable(),
        note: z.string().nullable(),
      })
      .nullable(),
    openTickets: z.array(ticketSummary),
    recentTickets: z.array(ticketSummary),
    missedCalls: z.number(),
  })
  .openapi('CallerProfile');

export const missedCallSchema = z
  .object({
    id: z.number(),
    callId: z.string(),
    phone: z.string().nullable(),
    fromNumber: z.string(),
    contactId: z.number().nullable(),
    queue: z.string().nullable(),
    missedAt: z.string(),
    waitSeconds: z.number().nullable(),
    status: z.string().openapi({ description: 'pending | called_back | got_through' }),
    attempts: z.number(),
    lastAttemptAt: ts,
    clearedAt: ts,
    clearedById: z.number().nullable(),
    clearedByCallId: z.string().nullable(),
    note: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('MissedCall');

export const kbEntrySchema = z
  .object({
    id: z.number(),
    title: z.string(),
    answer: z.string(),
    keywords: z.string().nullable(),
    categoryId: z.number().nullable(),
    active: z.boolean(),
    useCount: z.number(),
    createdById: z.number().nullable(),
    updatedById: z.number().nullable(),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('KbEntry');

export const kbInputSchema = z.object({
  title: z.string().trim().min(1, '标题不能为空').max(200),
  answer: z.string().trim().min(1, '答复内容不能为空').max(10_000),
  keywords: z.string().trim().max(500).nullish(),
  categoryId: rowId.nullish(),
  active: z.boolean().optional(),
});

export const windowReportInputSchema = z
  .object({
    hall: z.string().trim().min(1, '请填写服务大厅').max(100),
    window: z.string().trim().min(1, '请填写窗口').max(50),
    serviceItem: z.string().trim().min(1, '请填写办理事项').max(200),
    departmentId: rowId.nullish(),
    departmentName: z.string().trim().max(100).nullish(),
    reason: z.enum(WINDOW_REASONS).openapi({ description: 'cannot 办不了 | hard 很难办 | refused 不给办' }),
    content: z.string().trim().min(1, '请填写反映内容').max(5000),
    phone: z.string().trim().min(3).max(40).nullish(),
    name: z.string().trim().max(50).nullish(),
    anonymous: z.boolean().default(false),
    address: z.string().trim().max(200).nullish(),
    categoryId: rowId.nullish(),
  })
  .superRefine((v, ctx) => {
    if (v.anonymous && v.phone) ctx.addIssue({ code: 'custom', path: ['phone'], message: '匿名反映不登记电话' });
  });

export const windowReportSchema = z
  .object({
    id: z.number(),
    ticketId: z.number(),
    ticketNo: z.string(),
    ticketStatus: z.string(),
    clerkId: z.number().nullable(),
    hall: z.string(),
    window: z.string(),
    serviceItem: z.string(),
    departmentId: z.number().nullable(),
    departmentName: z.string().nullable(),
    reason: z.enum(WINDOW_REASONS),
    reasonLabel: z.string(),
    anonymous: z.boolean(),
    content: z.string(),
    reviewStatus: z.string().openapi({ description: 'pending | reviewed' }),
    reviewOutcome: z.enum(WINDOW_REVIEW_OUTCOMES).nullable(),
    reviewNote: z.string().nullable(),
    reviewedAt: ts,
    reviewedById: z.number().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('WindowReport');

export const clusterMemberSchema = z.object({
  ticketId: z.number(),
  ticketNo: z.string(),
  title: z.string(),
  address: z.string().nullable(),
  status: z.string(),
  contactId: z.number().nullable(),
  state: z.string().openapi({ description: 'proposed | joined | removed' }),
  createdAt: z.string(),
});

export const clusterSchema = z
  .object({
    id: z.number(),
    status: z.string().openapi({ description: 'proposed | confirmed | rejected' }),
    title: z.string(),
    categoryId: z.number().nullable(),
    place: z.string().nullable(),
    leadTicketId: z.number().nullable(),
    proposedById: z.number().nullable(),
    decidedAt: ts,
    decidedById: z.number().nullable(),
    note: z.string().nullable(),
    version: z.number(),
    memberCount: z.number(),
    pendingCount: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
    members: z.array(clusterMemberSchema).optional(),
  })
  .openapi('Cluster');

export const attachmentSchema = z
  .object({
    id: z.number(),
    messageId: z.number(),
    ticketId: z.number().nullable(),
    filename: z.string(),
    contentType: z.string(),
    size: z.number(),
    sha256: z.string(),
    createdAt: z.string(),
  })
  .openapi('Attachment');

export const okSchema = z.object({ ok: z.boolean() });
