import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { userForToken } from '../../../services/auth.ts';
import type { Deps } from '../../../services/deps.ts';
import { AppError, forbidden } from '../../../services/errors.ts';
import { bearerToken } from '../../auth/middleware.ts';
import type { App, AppEnv } from '../../env.ts';

export const BOARD_PATH = '/api/admin/queues';
const COOKIE = 'hy_board';
const COOKIE_MAX_AGE_S = 15 * 60;

/**
 * Who may see the board. A browser page cannot send a bearer header, so the console opens
 * `/api/admin/queues?access_token=<token>`: the token is checked (admin only), moved into a short-lived
 * HttpOnly, SameSite=Strict cookie scoped to this path, and the browser is redirected to the clean URL
 * (the token leaves the address bar and history). The board's own XHRs then carry the cookie. Every
 * request re-checks the session, so logging out closes the board too.
 */
export const boardGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  const deps = c.get('deps');
  const query = c.req.query('access_token');
  const token = bearerToken(c.req.header('authorization'), query) ?? getCookie(c, COOKIE) ?? null;
  if (!token) throw new AppError('unauthorized', '请先登录（管理员）');
  const user = await userForToken(deps.db, token, deps.clock.now());
  if (!user) throw new AppError('unauthorized', '登录已过期，请重新登录');
  if (user.role !== 'admin') throw forbidden('仅管理员可查看队列');
  setCookie(c, COOKIE, token, {
    path: BOARD_PATH,
    httpOnly: true,
    sameSite: 'Strict',
    secure: deps.config.production,
    maxAge: COOKIE_MAX_AGE_S,
  });
  if (query && c.req.method === 'GET') {
    const url = new URL(c.req.url);
    url.searchParams.delete('access_token');
    return c.redirect(`${url.pathname}${url.search}`, 302);
  }
  return next();
};

const boards = new WeakMap<Deps, Hono>();

/** One board per process (per Deps), built on first use with the hub's queues. */
function boardFor(deps: Deps): Hono {
  let board = boards.get(deps);
  if (!board) {
    const adapter = new HonoAdapter(serveStatic).setBasePath(BOARD_PATH);
    createBullBoard({
      queues: deps.queues.allQueues().map((q) => new BullMQAdapter(q)),
      serverAdapter: adapter,
      options: { uiConfig: { boardTitle: 'Huiyin 队列' } },
    });
    board = new Hono().route(BOARD_PATH, adapter.registerPlugin());
    boards.set(deps, board);
  }
  return board;
}

/**
 * The board's page links a Google Fonts stylesheet in its head: render-blocking, and unreachable from
 * mainland China and from a centre's intranet, so the board stayed blank until the browser gave up. Its
 * own CSS falls back to the system sans-serif.
 */
function withoutThirdPartyFonts(res: Response): Response | Promise<Response> {
  if (!res.headers.get('content-type')?.includes('text/html')) return res;
  return res.text().then((html) => {
    const headers = new Headers(res.headers);
    headers.delete('content-length');
    return new Response(html.replace(/<link[^>]*fonts\.googleapis\.com[^>]*>/g, ''), { status: res.status, headers });
  });
}

/** Bull Board for administrators at /api/admin/queues (path listed in PUBLIC_PATHS: this guard replaces the bearer check). */
export function registerAdminQueues(app: App) {
  app.use(BOARD_PATH, boardGuard);
  app.use(`${BOARD_PATH}/*`, boardGuard);
  const handler = async (c: Context<AppEnv>) => withoutThirdPartyFonts(await boardFor(c.get('deps')).fetch(c.req.raw));
  app.all(BOARD_PATH, handler);
  app.all(`${BOARD_PATH}/*`, handler);
}
