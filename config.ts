import { z } from 'zod';

// Names and defaults are fixed by ../shared/config.md: operators script against them.
const envSchema = z.object({
  PORT: z.coerce.number().int().positive().default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().optional(),
  DATABASE_READ_URL: z.string().optional(),
  PGLITE_DIR: z.string().default('./data'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z.string().default('huiyin'),
  PUBLIC_BASE_URL: z.string().optional(),
  CTI_TOKEN: z.string().optional(),
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_FROM: z.string().optional(),
  TWILIO_API_BASE: z.string().optional(),
  SMTP_PORT: z.coerce.number().int().nonnegative().default(2525),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().optional(),
  HOTLINE_EMAIL: z.string().default('12345@hotline.example'),
  RATE_LIMIT_DISABLED: z.string().optional(),
  LOG_LEVEL: z.string().default('info'),
  DEMO_PASSWORD: z.string().default('demo12345'),
  NODE_ENV: z.string().default('development'),
  TOKEN_TTL_HOURS: z.coerce.number().positive().default(12),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Env {
  publicBaseUrl: string;
  rateLimitDisabled: boolean;
  production: boolean;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.parse(env);
  return {
    ...parsed,
    publicBaseUrl: (parsed.PUBLIC_BASE_URL ?? `http://${parsed.HOST}:${parsed.PORT}`).replace(/\/$/, ''),
    rateLimitDisabled: parsed.RATE_LIMIT_DISABLED === '1',
    production: parsed.NODE_ENV === 'production',
  };
}
