import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { collectProblems, launchChromium, newDesk } from './browser.ts';
import { type ConsoleServer, startConsoleServer } from './harness.ts';
import { ConsolePage } from './pages.ts';

export interface Desk {
  ctx: BrowserContext;
  page: Page;
  shell: ConsolePage;
  /** Page errors and console errors seen so far (live-stream reconnects excluded). */
  problems(): string[];
  close(): Promise<void>;
}

export interface Fixture {
  server(): ConsoleServer;
  /**
   * A fresh browser context at 1366×768, logged in as `username` on its workspace: through the login
   * form when `viaForm`, otherwise with a session put in place the way the login page would leave it.
   */
  desk(username: string, opts?: { viaForm?: boolean }): Promise<Desk>;
}

/**
 * One server and one Chromium for the whole browser suite: starting the server (migrations, demo
 * seed) is the expensive part, so every role's scenario shares it, each in its own browser context.
 */
export function consoleFixture(): Fixture {
  let server: ConsoleServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    const t0 = Date.now();
    [server, browser] = await Promise.all([startConsoleServer(), launchChromium()]);
    process.stdout.write(`browser suite: server and Chromium ready in ${Date.now() - t0} ms\n`);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  }, 30_000);
  return {
    server() {
      if (!server) throw new Error('server not started');
      return server;
    },
    async desk(username, opts = {}) {
      if (!browser || !server) throw new Error('fixture not started');
      const ctx = await newDesk(browser, server.url);
      if (!opts.viaForm) {
        const r = await server.api<{ token: string; user: unknown }>('POST', '/api/auth/login', {
          body: { username, password: 'demo12345' },
        });
        if (r.status !== 200) throw new Error(`login ${username}: ${r.status}`);
        const { token, user } = r.body;
        await ctx.addInitScript(
          ([t, u]) => {
            if (!localStorage.getItem('huiyin.token')) {
              localStorage.setItem('huiyin.token', t);
              localStorage.setItem('huiyin.user', u);
            }
          },
          [token, JSON.stringify(user)] as const,
        );
      }
      const page = await ctx.newPage();
      const seen = collectProblems(page);
      const shell = new ConsolePage(page);
      if (opts.viaForm) await shell.login(username);
      else {
        await page.goto('/#/');
        await page.getByTestId('who').waitFor();
      }
      return {
        ctx,
        page,
        shell,
        problems: () => seen.filter((p) => !p.includes('EventSource') && !p.includes('/api/stream')),
        close: () => ctx.close(),
      };
    },
  };
}
