import { existsSync } from 'node:fs';
import { serveStatic } from '@hono/node-server/serve-static';
import { OpenAPIHono } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';
import { requestId } from 'hono/request-id';
import type { Deps } from '../services/deps.ts';
import { registerAdminQueues } from './admin/queues/index.ts';
import { registerAudit } from './audit/index.ts';
import { registerAuth } from './auth/index.ts';
import { authMiddleware } from './auth/middleware.ts';
import { registerAutoRules } from './autoRules/index.ts';
import { registerCalendars } from './calendars/index.ts';
import { registerCatalogue } from './catalogue/index.ts';
import { registerCategories } from './categories/index.ts';
import { registerContacts } from './contacts/index.ts';
import { registerDelivery } from './delivery/index.ts';
import { registerDispatches } from './dispatches/index.ts';
import type { App, AppEnv } from './env.ts';
import { onError, validationHook } from './errors.ts';
import { registerFollowup } from './followup/index.ts';
import { registerHealth } from './health.ts';
import { registerIntake } from './intake/index.ts';
import { registerKpi } from './kpi/index.ts';
import { bodyLimit } from './lib/bodyLimit.ts';
import { yieldToIo } from './lib/yieldToIo.ts';
import { registerMessages } from './messages/index.ts';
import { opsMiddleware, registerOps } from './ops/index.ts';
import { registerPublic } from './public/index.ts';
import { registerReviews } from './reviews/index.ts';
import { registerRevisits } from './revisits/index.ts';
import { registerRouting } from './routing/index.ts';
import { registerSla } from './sla/index.ts';
import { registerSlaPolicies } from './slaPolicies/index.ts';
import { registerStream } from './stream/index.ts';
import { registerSupervision } from './supervision/index.ts';
import { registerTemplates } from './templates/index.ts';
import { registerTickets } from './tickets/index.ts';
import { registerUnits } from './units/index.ts';
import { registerUsers } from './users/index.ts';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface AppOptions {
  /** Folder of the built console (admin/dist); served at / when present. */
  staticRoot?: string;
}

export function createApp(deps: Deps, opts: AppOptions = {}): App {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.onError(onError);
  app.notFound((c) =>
    c.json(
      {
        error: {
          code: 'not_found',
          message: `没有这个接口：${c.req.method} ${c.req.path}`,
          requestId: c.get('requestId'),
        },
      },
      404,
    ),
  );

  app.use('*', requestId({ headerName: 'X-Request-Id' }));
  app.use('*', opsMiddleware);
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use('/api/*', yieldToIo);
  app.use('/api/*', bodyLimit(MAX_BODY_BYTES));
  app.use('/api/*', authMiddleware);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  registerHealth(app);
  registerOps(app);
  registerAuth(app);
  registerTickets(app);
  registerUnits(app);
  registerUsers(app);
  registerCategories(app);
  registerContacts(app);
  registerAudit(app);
  registerDelivery(app);
  registerMessages(app);
  registerTemplates(app);
  registerRevisits(app);
  registerReviews(app);
  registerFollowup(app);
  registerKpi(app);
  registerIntake(app);
  registerPublic(app);
  registerStream(app);
  registerCalendars(app);
  registerSlaPolicies(app);
  registerSla(app);
  registerAdminQueues(app);
  registerDispatches(app);
  registerRouting(app);
  registerCatalogue(app);
  registerAutoRules(app);
  registerSupervision(app);

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Huiyin 回音 API', version: '0.1.0', description: '12345 政务服务便民热线工单系统' },
  });
  app.get('/api/docs', Scalar({ url: '/api/openapi.json', pageTitle: 'Huiyin API' }));

  if (opts.staticRoot && existsSync(opts.staticRoot)) {
    const root = opts.staticRoot;
    app.use('/*', serveStatic({ root }));
    // Client-side routes of the console fall back to index.html; unknown API paths stay JSON 404s.
    const index = serveStatic({ root, path: 'index.html' });
    app.get('*', (c, next) => (c.req.path.startsWith('/api/') ? next() : index(c, next)));
  }
  return app;
}
