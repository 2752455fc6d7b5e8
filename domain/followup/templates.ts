import type { MessageChannel } from '../vocabulary.ts';

/**
 * Citizen message templates: `{name}` placeholders filled from variables. Pure: the service loads the
 * administrator's version from the database and falls back to these defaults.
 */

/** Every variable a template may use, with what it means (shown to administrators). */
export const TEMPLATE_VARIABLES = {
  ticketNo: '工单号',
  queryCode: '查询码',
  statusUrl: '进度查询网址',
  hotline: '热线号码',
  title: '诉求标题',
  typeLabel: '诉求类型',
  unitName: '承办单位',
  dueDate: '办理期限',
  newDueDate: '延长后的期限',
  reason: '原因',
  replySummary: '答复摘要',
  comment: '市民意见',
  date: '日期',
  question: '需市民补充的内容',
} as const;
export type TemplateVariable = keyof typeof TEMPLATE_VARIABLES;

/**
 * Variables that say nothing about the matter: the only ones a confidential ticket's SMS may carry.
 * The unit name is excluded on purpose (a text from "公安局" or "纪委" already tells a reader a lot).
 */
export const CONFIDENTIAL_SAFE_VARIABLES: ReadonlySet<string> = new Set([
  'ticketNo',
  'queryCode',
  'statusUrl',
  'hotline',
  'dueDate',
  'newDueDate',
  'date',
]);

export interface TemplateText {
  subject?: string | null;
  body: string;
  /** SMS variant for confidential tickets; when absent a generic safe text is used. */
  confidentialBody?: string | null;
  urgent?: boolean;
}

export interface DefaultTemplate extends TemplateText {
  code: string;
  channel: MessageChannel;
  name: string;
}

const PLACEHOLDER = /\{([a-zA-Z][a-zA-Z0-9_]*)\}/g;

export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))];
}

/** Problems with a template an administrator wants to save; empty when it is fine. */
export function checkTemplate(t: TemplateText): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  const known = (n: string) => Object.hasOwn(TEMPLATE_VARIABLES, n);
  for (const field of ['subject', 'body', 'confidentialBody'] as const) {
    const text = t[field];
    if (!text) continue;
    for (const n of placeholdersOf(text)) {
      if (!known(n)) problems.push({ path: field, message: `未知变量 {${n}}` });
      else if (field === 'confidentialBody' && !CONFIDENTIAL_SAFE_VARIABLES.has(n)) {
        problems.push({ path: field, message: `保密件短信不得使用 {${n}}（会泄露诉求内容）` });
      }
    }
  }
  return problems;
}

/** The fallback SMS for a confidential ticket when the template has no confidential variant. */
export const GENERIC_CONFIDENTIAL_SMS = '【12345热线】您的工单{ticketNo}有新进展，请凭查询码{queryCode}查询办理情况。';

export interface RenderInput {
  template: TemplateText;
  channel: MessageChannel;
  confidential: boolean;
  vars: Record<string, string | number | null | undefined>;
}

export interface Rendered {
  subject: string | null;
  body: string;
  /** Placeholders that had no value (rendered empty); logged so an administrator can fix the template. */
  missing: string[];
}

/** Sentence-ending marks: a value ending in one, placed before the template's own, keeps only the template's. */
const STOP_AT_END = /[。！？；.!?;]+$/;
const STOP = /[。！？；，.!?;,]/;

function fill(text: string, vars: RenderInput['vars'], allowed: (n: string) => boolean, missing: Set<string>): string {
  return text.replace(PLACEHOLDER, (m: string, name: string, at: number) => {
    if (!allowed(name)) return '';
    const v = vars[name];
    if (v === null || v === undefined || v === '') {
      missing.add(name);
      return '';
    }
    // "…邮寄到家。" into "答复办结：{replySummary}。完整答复…" would read "邮寄到家。。".
    const next = text.charAt(at + m.length);
    return next && STOP.test(next) ? String(v).replace(STOP_AT_END, '') : String(v);
  });
}

/**
 * Renders a template. For a confidential ticket's SMS only the confidential variant (or the generic text)
 * is used and only safe variables are substituted, whatever the template says: an administrator's mistake
 * cannot leak the matter.
 */
export function renderTemplate(input: RenderInput): Rendered {
  const missing = new Set<string>();
  const safeOnly = input.confidential && input.channel === 'sms';
  const allowed = safeOnly ? (n: string) => CONFIDENTIAL_SAFE_VARIABLES.has(n) : () => true;
  const bodyText = safeOnly ? (input.template.confidentialBody ?? GENERIC_CONFIDENTIAL_SMS) : input.template.body;
  const body = fill(bodyText, input.vars, allowed, missing)
    .replace(/[ \t]+\n/g, '\n')
    .trim();
  const subject = input.template.subject ? fill(input.template.subject, input.vars, allowed, missing).trim() : null;
  return { subject, body, missing: [...missing] };
}

/** Shortens free text for an SMS variable, keeping whole characters. */
export function clip(text: string | null | undefined, max: number): string {
  const chars = [...(text ?? '').replace(/\s+/g, ' ').trim()];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}

const SIGN = '【12345热线】';

/** The templates a fresh installation starts with; administrators edit them in the console. */
export const DEFAULT_TEMPLATES: DefaultTemplate[] = [
  {
    code: 'ticket.registered',
    channel: 'sms',
    name: '受理告知',
    body: `${SIGN}您反映的“{title}”已受理，工单号{ticketNo}，查询码{queryCode}。可凭工单号和查询码查询办理进度：{statusUrl}`,
    confidentialBody: `${SIGN}您的诉求已受理，工单号{ticketNo}，查询码{queryCode}，可凭此查询办理进度。`,
  },
  {
    code: 'ticket.registered',
    channel: 'email',
    name: '受理告知（邮件）',
    subject: '[#{ticketNo}] 您的诉求已受理',
    body: '您好：\n\n您反映的“{title}”已受理，工单号{ticketNo}，查询码{queryCode}。\n可凭工单号和查询码查询办理进度：{statusUrl}\n如需补充材料，直接回复本邮件即可。\n\n12345政务服务便民热线',
  },
  {
    code: 'ticket.info_request',
    channel: 'sms',
    name: '请市民补充材料',
    body: `${SIGN}您的工单{ticketNo}需要您补充：{question}。请在{dueDate}前直接回复本短信。`,
    confidentialBody: `${SIGN}您的工单{ticketNo}需要您补充信息，请在{dueDate}前致电{hotline}。`,
  },
  {
    code: 'ticket.info_request',
    channel: 'email',
    name: '请市民补充材料（邮件）',
    subject: '[#{ticketNo}] 请补充材料',
    body: '您好：\n\n您的工单{ticketNo}（{title}）需要您补充：\n{question}\n\n请在{dueDate}前直接回复本邮件。\n\n12345政务服务便民热线',
  },
  {
    code: 'ticket.dispatched',
    channel: 'sms',
    name: '派单告知',
    body: `${SIGN}您的工单{ticketNo}（{title}）已转{unitName}办理，请耐心等待。`,
    confidentialBody: `${SIGN}您的工单{ticketNo}已转交承办单位办理，请耐心等待。`,
  },
  {
    code: 'ticket.dispatched',
    channel: 'email',
    name: '派单告知（邮件）',
    subject: '[#{ticketNo}] 您的诉求已转承办单位办理',
    body: '您好：\n\n您的工单{ticketNo}（{title}）已转{unitName}办理，办理期限{dueDate}。\n\n12345政务服务便民热线',
  },
  {
    code: 'ticket.extended',
    channel: 'sms',
    name: '延期告知',
    body: `${SIGN}您的工单{ticketNo}办理期限延长至{newDueDate}，原因：{reason}。`,
    confidentialBody: `${SIGN}您的工单{ticketNo}办理期限已延长至{newDueDate}。`,
  },
  {
    code: 'ticket.extended',
    channel: 'email',
    name: '延期告知（邮件）',
    subject: '[#{ticketNo}] 办理期限延长',
    body: '您好：\n\n您的工单{ticketNo}办理期限延长至{newDueDate}，原因：{reason}。\n\n12345政务服务便民热线',
  },
  {
    code: 'ticket.replied',
    channel: 'sms',
    name: '答复告知',
    body: `${SIGN}您的工单{ticketNo}已由{unitName}答复：{replySummary}`,
    confidentialBody: `${SIGN}您的工单{ticketNo}已办理答复，详情请凭查询码{queryCode}查询：{statusUrl}`,
  },
  {
    code: 'ticket.replied',
    channel: 'email',
    name: '答复告知（邮件）',
    subject: '[#{ticketNo}] 您的诉求已办理答复',
    body: '您好：\n\n您的工单{ticketNo}（{title}）已由{unitName}办理答复：\n\n{replySummary}\n\n我们将就办理结果向您回访。\n\n12345政务服务便民热线',
  },
  {
    code: 'ticket.answered',
    channel: 'sms',
    name: '直接答复告知',
    body: `${SIGN}您的工单{ticketNo}已答复办结：{replySummary}。完整答复可凭查询码{queryCode}查询：{statusUrl}`,
    confidentialBody: `${SIGN}您的工单{ticketNo}已答复办结，详情请凭查询码{queryCode}查询：{statusUrl}`,
  },
  {
    code: 'ticket.answered',
    channel: 'email',
    name: '直接答复告知（邮件）',
    subject: '[#{ticketNo}] 您的诉求已答复办结',
    body: '您好：\n\n您的工单{ticketNo}（{title}）已答复办结：\n\n{replySummary}\n\n如仍有问题，请直接回复本邮件或拨打{hotline}。\n\n12345政务服务便民热线',
  },
  {
    code: 'revisit.sms',
    channel: 'sms',
    name: '短信回访',
    body: `${SIGN}您的工单{ticketNo}（{title}）已由{unitName}办理答复：{replySummary}。请回复数字评价：1满意，2基本满意，3不满意（可在数字后附意见）。`,
    confidentialBody: `${SIGN}您的工单{ticketNo}已办理答复（详情凭查询码{queryCode}查询）。请回复数字评价：1满意，2基本满意，3不满意（可在数字后附意见）。`,
  },
  {
    code: 'ticket.rehandle',
    channel: 'sms',
    name: '重办告知',
    body: `${SIGN}收到您对工单{ticketNo}的不满意评价，已安排重新办理，办理结果将再次告知您。`,
    confidentialBody: `${SIGN}收到您对工单{ticketNo}的评价，已安排重新办理，办理结果将再次告知您。`,
  },
  {
    code: 'ticket.rehandle',
    channel: 'email',
    name: '重办告知（邮件）',
    subject: '[#{ticketNo}] 已安排重新办理',
    body: '您好：\n\n收到您对工单{ticketNo}的不满意评价，已安排重新办理，办理结果将再次告知您。\n\n12345政务服务便民热线',
  },
  {
    code: 'ticket.closed',
    channel: 'sms',
    name: '办结告知',
    body: `${SIGN}您的工单{ticketNo}已办结，感谢您对12345热线的支持。`,
    confidentialBody: `${SIGN}您的工单{ticketNo}已办结，感谢您的支持。`,
  },
  {
    code: 'ticket.closed',
    channel: 'email',
    name: '办结告知（邮件）',
    subject: '[#{ticketNo}] 工单已办结',
    body: '您好：\n\n您的工单{ticketNo}（{title}）已办结，感谢您对12345热线的支持。\n\n12345政务服务便民热线',
  },
  {
    code: 'ticket.unreachable',
    channel: 'sms',
    name: '回访未联系上',
    body: `${SIGN}我们多次致电回访未能联系到您，工单{ticketNo}已办结。如仍有问题请拨打{hotline}。`,
    confidentialBody: `${SIGN}我们多次致电回访未能联系到您，工单{ticketNo}已办结。如仍有问题请拨打{hotline}。`,
  },
  {
    code: 'ticket.reopened',
    channel: 'sms',
    name: '重新开启告知',
    body: `${SIGN}您对工单{ticketNo}的再次反映已收到，工单已重新开启办理。`,
    confidentialBody: `${SIGN}您对工单{ticketNo}的再次反映已收到，工单已重新开启办理。`,
  },
];

export function defaultTemplate(code: string, channel: MessageChannel): DefaultTemplate | null {
  return DEFAULT_TEMPLATES.find((t) => t.code === code && t.channel === channel) ?? null;
}
