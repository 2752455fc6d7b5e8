import { createRoute, z } from '@hono/zod-openapi';
import MessagingResponse from 'twilio/lib/twiml/MessagingResponse.js';
import { AppError } from '../../services/errors.ts';
import { handleInboundSms } from '../../services/intake/sms.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { signedTwilioForm } from '../lib/twilioForm.ts';
import { parseBody } from './schemas.ts';

export const SMS_WEBHOOK_PATH = '/api/intake/sms/twilio';

const smsSchema = z
  .object({
    MessageSid: z.string().trim().min(1, '缺少 MessageSid').max(64),
    From: z.string().trim().min(1, '缺少发送号码').max(40),
    To: z.string().trim().max(40).default(''),
    Body: z.string().max(2000).default(''),
    NumMedia: z.coerce.number().int().min(0).max(10).default(0),
  })
  .loose();

const route = createRoute({
  method: 'post',
  path: SMS_WEBHOOK_PATH,
  tags: ['intake'],
  summary: 'Twilio 短信回调（上行短信）',
  description:
    'application/x-www-form-urlencoded，Twilio 的 Messaging webhook 字段（MessageSid、From、To、Body、NumMedia、MediaUrl0…）。' +
    'X-Twilio-Signature 按 PUBLIC_BASE_URL + 路径 + 查询串校验，不符返回 403。按 MessageSid 去重；回复 TwiML，告知工单号。',
  responses: {
    200: { description: 'TwiML reply', content: { 'text/xml': { schema: z.string() } } },
    ...errorResponses,
  },
});

function twiml(text: string): string {
  const r = new MessagingResponse();
  r.message(text);
  return r.toString();
}

export function registerSmsTwilio(app: App) {
  // The signature is checked over the raw form before any field validation, so the handler parses itself.
  app.post(SMS_WEBHOOK_PATH, async (c) => {
    const deps = c.get('deps');
    const token = deps.config.TWILIO_AUTH_TOKEN;
    if (!token) throw new AppError('unavailable', '短信接口未启用：未配置 TWILIO_AUTH_TOKEN');
    const params = await signedTwilioForm(c, 'Twilio webhook 格式');
    const sms = parseBody(smsSchema, params);
    const media: Array<{ url: string; contentType: string | null }> = [];
    for (let i = 0; i < sms.NumMedia; i++) {
      const mediaUrl = params[`MediaUrl${i}`];
      if (mediaUrl) media.push({ url: mediaUrl, contentType: params[`MediaContentType${i}`] ?? null });
    }
    const out = await handleInboundSms(deps, {
      messageSid: sms.MessageSid,
      from: sms.From,
      to: sms.To,
      body: sms.Body,
      media,
    });
    c.header('X-Huiyin-Outcome', out.kind);
    if (out.ticketNo) c.header('X-Huiyin-Ticket-No', out.ticketNo);
    return c.body(twiml(out.reply), 200, { 'Content-Type': 'text/xml; charset=utf-8' });
  });
  app.openAPIRegistry.registerPath(route);
}
