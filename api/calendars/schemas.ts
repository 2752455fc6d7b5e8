import { z } from '@hono/zod-openapi';

const TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

export const intervalSchema = z
  .object({
    start: z.string().regex(TIME, '时间格式 HH:MM'),
    end: z.string().regex(TIME, '时间格式 HH:MM（可为 24:00）'),
  })
  .openapi('TimeInterval');

export const weeklySchema = z
  .array(z.array(intervalSchema).max(6))
  .length(7, '需要 7 天：下标 0 为周日 … 6 为周六')
  .openapi({
    example: [
      [],
      [
        { start: '09:00', end: '12:00' },
        { start: '13:30', end: '17:30' },
      ],
      [],
      [],
      [],
      [],
      [],
    ],
  });

export const dayKindSchema = z.enum(['holiday', 'workday', 'closure']);

export const dayInputSchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式 YYYY-MM-DD'),
  kind: dayKindSchema.openapi({ description: 'holiday 法定节假日 | workday 调休上班 | closure 临时停止办公' }),
  name: z.string().trim().max(40).nullable().optional(),
});

export const calendarInputSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9_-]{0,31}$/, '以字母开头，1–32 位字母、数字、- 或 _'),
  name: z.string().trim().min(1).max(60),
  description: z.string().trim().max(500).nullable().optional(),
  weekly: weeklySchema,
  workdayIntervals: z.array(intervalSchema).max(6).nullable().optional(),
  observeHolidays: z.boolean().optional(),
  active: z.boolean().optional(),
  days: z.array(dayInputSchema).max(2000).optional(),
});

// react-admin PUTs the whole record back: read-only fields are ignored, not errors.
export const calendarPatchSchema = calendarInputSchema.omit({ code: true }).partial().loose();

export const calendarSchema = z
  .object({
    id: z.number(),
    code: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    weekly: z.array(z.array(intervalSchema)),
    workdayIntervals: z.array(intervalSchema).nullable(),
    observeHolidays: z.boolean(),
    active: z.boolean(),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
    days: z.array(z.object({ date: z.string(), kind: dayKindSchema, name: z.string().nullable() })),
    unitIds: z.array(z.number()),
    recomputeRunId: z.number().nullable().optional(),
  })
  .openapi('Calendar');

export const idOrCodeParam = z.object({
  idOrCode: z
    .string()
    .min(1)
    .max(40)
    .openapi({ param: { name: 'idOrCode', in: 'path' }, example: 'default' }),
});
