import { TICKET_NO_PATTERN } from '../ticketNo.ts';

export type SmsKeyword = 'opt_out' | 'opt_in';

// Whole-message keywords only: "停止施工" is a complaint, "STOP" is an opt-out.
const OPT_OUT = new Set(['退订', 'TD', 'T', 'STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', '退定']);
const OPT_IN = new Set(['START', 'UNSTOP', 'YES', '订阅', '恢复订阅']);

export function smsKeyword(body: string): SmsKeyword | null {
  const word = body
    .trim()
    .replace(/[\s。.!！]+$/u, '')
    .toUpperCase();
  if (OPT_OUT.has(word)) return 'opt_out';
  if (OPT_IN.has(word)) return 'opt_in';
  return null;
}

/** `[#20261123000042]` in an e-mail subject: the thread marker outbound mail carries. */
export function ticketNoInSubject(subject: string | null | undefined): string | null {
  const m = /\[#(\d{14})\]/.exec(subject ?? '');
  return m?.[1] ?? null;
}

/** A ticket number the citizen quotes in a text ("#20261123000042 补充：…"). */
export function ticketNoInText(text: string | null | undefined): string | null {
  const m = /(?:^|[^\d])[#＃]?(\d{14})(?!\d)/.exec(text ?? '');
  const no = m?.[1] ?? null;
  return no && TICKET_NO_PATTERN.test(no) ? no : null;
}
