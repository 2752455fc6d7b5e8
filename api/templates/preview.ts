import { createRoute, z } from '@hono/zod-openapi';
import {
  CONFIDENTIAL_SAFE_VARIABLES,
  checkTemplate,
  renderTemplate,
  TEMPLATE_VARIABLES,
} from '../../domain/followup/templates.ts';
import { MESSAGE_CHANNELS } from '../../domain/vocabulary.ts';
import { AppError } from '../../services/errors.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';

const SAMPLE: Record<string, string> = {
  ticketNo: '20261123000042',
  queryCode: 'K7M2QX',
  statusUrl: 'https://12345.example.gov.cn/public/',
  hotline: '12345',
  title: '幸福路路灯不亮',
  typeLabel: '求助',
  unitName: '市城市管理局',
  dueDate: '11月30日',
  newDueDate: '12月7日',
  reason: '需协调供电部门',
  replySummary: '已更换灯泡，恢复照明',
  comment: '',
  date: '2026-11-23',
};

const body = z.object({
  channel: z.enum(MESSAGE_CHANNELS),
  subject: z.string().max(200).nullable().optional(),
  body: z.string().min(1).max(2000),
  confidentialBody: z.string().max(500).nullable().optional(),
  confidential: z.boolean().default(false),
  vars: z.record(z.string(), z.string().max(500)).default({}),
});

const variable = z.object({ name: z.string(), label: z.string(), confidentialSafe: z.boolean() });
const result = z.object({
  subject: z.string().nullable(),
  body: z.string(),
  length: z.number().openapi({ description: '字数（短信按 70 字一条计费）' }),
  missing: z.array(z.string()),
  variables: z.array(variable),
});

const route = createRoute({
  method: 'post',
  path: '/api/templates/preview',
  tags: ['templates'],
  summary: '预览模板（示例数据；保密件按保密规则渲染），并列出可用变量',
  security: [{ bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: body } } } },
  responses: {
    200: { description: 'rendered', content: { 'application/json': { schema: result } } },
    ...errorResponses,
  },
});

export function registerPreview(app: App) {
  app.openapi(route, async (c) => {
    requireRole(c, 'admin', 'supervisor');
    const b = c.req.valid('json');
    const problems = checkTemplate(b);
    if (problems.length) {
      throw new AppError('validation', `模板有误：${problems.map((p) => `${p.path} ${p.message}`).join('；')}`, {
        fields: problems,
      });
    }
    const r = renderTemplate({
      template: b,
      channel: b.channel,
      confidential: b.confidential,
      vars: { ...SAMPLE, ...b.vars },
    });
    return c.json(
      {
        subject: r.subject,
        body: r.body,
        length: [...r.body].length,
        missing: r.missing,
        variables: Object.entries(TEMPLATE_VARIABLES).map(([name, label]) => ({
          name,
          label,
          confidentialSafe: CONFIDENTIAL_SAFE_VARIABLES.has(name),
        })),
      },
      200,
    );
  });
}
