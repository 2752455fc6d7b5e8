import { createRoute, z } from '@hono/zod-openapi';
import { SMS_STATUS_PATH } from '../../services/channels/sms.ts';
import { AppError } from '../../services/errors.ts';
import { applySmsStatus } from '../../services/followup/deliveryStatus.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { INT4_MAX } from '../lib/ids.ts';
import { signedTwilioForm } from '../lib/twilioForm.ts';

const callbackSchema = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-f]{32}$/, 'MessageSid 格式不对'),
  MessageStatus: z.string().min(1).max(20),
  ErrorCode: z.string().max(10).optional(),
});

const route = createRoute({
  method: 'post',
  path: SMS_STATUS_PATH,
  tags: ['delivery'],
  summary: 'Twilio 短信状态回调（已发送/已送达/失败）',
  description:
    'application/x-www-form-urlencoded，Twilio 的 StatusCallback 字段（MessageSid、MessageStatus、ErrorCode）。' +
    'X-Twilio-Signature 按 PUBLIC_BASE_URL + 路径 + 查询串校验，不符返回 403。查询串 m= 为本系统消息编号。',
  responses: { 204: { description: 'recorded (or nothing to change)' }, ...errorResponses },
});

export function registerTwilioStatus(app: App) {
  // The signature covers the raw form, so the handler parses and checks it before validating fields.
  app.post(SMS_STATUS_PATH, async (c) => {
    const deps = c.get('deps');
    // Without a token no signature can be checked: refused like a forged one (a 5xx would invite retries).
    if (!deps.config.TWILIO_AUTH_TOKEN) throw new AppError('forbidden', '短信接口未启用：未配置 TWILIO_AUTH_TOKEN');
    const params = await signedTwilioForm(c, 'Twilio 回调格式');
    const parsed = callbackSchema.safeParse(params);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      throw new AppError('validation', `回调字段有误：${fields.map((f) => f.path).join('、')}`, { fields });
    }
    const m = Number(c.req.query('m'));
    await applySmsStatus(
      deps,
      {
        messageId: Number.isInteger(m) && m > 0 && m <= INT4_MAX ? m : null,
        sid: parsed.data.MessageSid,
        status: parsed.data.MessageStatus,
        errorCode: parsed.data.ErrorCode ?? null,
      },
      deps.clock.now(),
    );
    return c.body(null, 204);
  });
  app.openAPIRegistry.registerPath(route);
}
