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
  /** A fresh browser context at 1366×768, logged in as `username`. */
  desk(username: string): Promise<Desk>;
}

/**
 * One server and one Chromium for the whole browser suite: starting the server (migrations, demo
 * seed) is the expensive part, so every role's scenario shares it, each in its own browser context.
 */
export function consoleFixture(): Fixture {
  let server: ConsoleServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchChromium()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  }, 30_000);
  return {
    server() {
      if (!server) throw new Error('server not started');
      return server;
    },
    async desk(username) {
      if (!browser || !server) throw new Error('fixture not started');
      const ctx = await newDesk(browser, server.url);
      const page = await ctx.newPage();
      const seen = collectProblems(page);
      const shell = new ConsolePage(page);
      await shell.login(username);
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
