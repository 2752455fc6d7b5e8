/*
 * The console's production build and how fast the agent's call workspace becomes usable.
 *   - JS size: every chunk of `vite build` (admin/vite.config.ts), raw and gzip, and the part the first
 *     page loads (the entry and the chunks index.html preloads).
 *   - Time to first usable screen: a fresh browser context (empty cache) with a logged-in session opens
 *     "/", until the intake form accepts typing and "my tickets" shows rows. Baseline in the same run: a
 *     blank HTML page from the same server in the same kind of context.
 * Run: npm run bench:console   (builds, starts a real server on a fresh database, headless Chromium).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launchChromium, newDesk } from '../tests/browser/browser.ts';
import { startConsoleServer } from '../tests/browser/harness.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'bench', 'output');
const DIST = join(OUT, 'console-dist');
const RUNS = Number(process.env.RUNS ?? 7);

async function build() {
  const t0 = performance.now();
  const vite = join(ROOT, 'node_modules', '.bin', 'vite');
  const args = ['build', '--config', 'admin/vite.config.ts', '--outDir', DIST, '--emptyOutDir', '--logLevel', 'error'];
  const child = spawn(vite, args, { cwd: ROOT, stdio: 'inherit' });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`vite build failed (${code})`);
  return performance.now() - t0;
}

function sizes() {
  const assets = join(DIST, 'assets');
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const initial = new Set([...html.matchAll(/assets\/([^"]+\.js)/g)].map((m) => m[1]));
  const out = { files: 0, raw: 0, gzip: 0, initialRaw: 0, initialGzip: 0, css: 0 };
  for (const f of readdirSync(assets)) {
    const buf = readFileSync(join(assets, f));
    if (f.endsWith('.css')) out.css += gzipSync(buf).length;
    if (!f.endsWith('.js')) continue;
    const gz = gzipSync(buf, { level: 9 }).length;
    out.files++;
    out.raw += statSync(join(assets, f)).size;
    out.gzip += gz;
    if (initial.has(f)) {
      out.initialRaw += buf.length;
      out.initialGzip += gz;
    }
  }
  return out;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;

const buildMs = await build();
// The baseline page: same server, same static handler, no script.
writeFileSync(join(DIST, 'blank.html'), '<!doctype html><html lang="zh-CN"><body><p id="ok">空白页</p></body></html>');
const size = sizes();
const server = await startConsoleServer({ dist: DIST });
const browser = await launchChromium();
const login = await server.api<{ token: string; user: unknown }>('POST', '/api/auth/login', {
  body: { username: 'agent1', password: 'demo12345' },
});
const blank: number[] = [];
const agent: number[] = [];
try {
  for (let i = 0; i < RUNS + 1; i++) {
    for (const kind of ['blank', 'agent'] as const) {
      const ctx = await newDesk(browser, server.url);
      await ctx.addInitScript(
        ([t, u]) => {
          localStorage.setItem('huiyin.token', t);
          localStorage.setItem('huiyin.user', u);
        },
        [login.body.token, JSON.stringify(login.body.user)] as const,
      );
      const page = await ctx.newPage();
      const t0 = performance.now();
      if (kind === 'blank') {
        await page.goto('/blank.html');
        await page.locator('#ok').waitFor();
      } else {
        await page.goto('/#/');
        await page.getByLabel('诉求内容').waitFor({ state: 'visible' });
        await page.getByTestId('my-tickets').locator('tbody tr').first().waitFor();
      }
      const ms = performance.now() - t0;
      // The first round warms the server (and the OS page cache); it is not counted.
      if (i > 0) (kind === 'blank' ? blank : agent).push(ms);
      await ctx.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}

const result = {
  at: new Date().toISOString(),
  buildMs: Math.round(buildMs),
  js: size,
  runs: RUNS,
  blankPage: { p50: Math.round(pct(blank, 50)), p90: Math.round(pct(blank, 90)) },
  agentWorkspace: { p50: Math.round(pct(agent, 50)), p90: Math.round(pct(agent, 90)) },
  ratioP50: Math.round((pct(agent, 50) / pct(blank, 50)) * 10) / 10,
};
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'console.json'), `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(
  [
    `console build: ${(buildMs / 1000).toFixed(1)} s, ${size.files} JS chunks`,
    `  JS total      ${kb(size.raw)} raw, ${kb(size.gzip)} gzip`,
    `  JS first load ${kb(size.initialRaw)} raw, ${kb(size.initialGzip)} gzip (entry + preloaded chunks); CSS ${kb(size.css)} gzip`,
    `first usable screen, fresh context each time (${RUNS} runs, empty cache, Chromium headless, 1366×768):`,
    `  blank page (baseline)   p50 ${result.blankPage.p50} ms   p90 ${result.blankPage.p90} ms`,
    `  agent call workspace    p50 ${result.agentWorkspace.p50} ms   p90 ${result.agentWorkspace.p90} ms   (${result.ratioP50}× baseline)`,
    '',
  ].join('\n'),
);
