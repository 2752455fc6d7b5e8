import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The tests' own build of the console, so they never race `npm start` rebuilding admin/dist. */
export const CONSOLE_DIST = join(ROOT, 'tests', 'output', 'console-dist');
const LOCK = join(ROOT, 'tests', 'output', '.console-build.lock');
const SOURCES = [join(ROOT, 'admin'), join(ROOT, 'domain')];

function newestMtime(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of readdirSync(p, { withFileTypes: true })) {
    if (e.name === 'dist' || e.name === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(p, e.name)));
  }
  return newest;
}

function isFresh(): boolean {
  const index = join(CONSOLE_DIST, 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  return SOURCES.every((s) => newestMtime(s) <= built);
}

async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  mkdirSync(join(ROOT, 'tests', 'output'), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Another test file is building; a lock older than two minutes is from a killed run.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 120_000) rmSync(LOCK, { recursive: true });
      if (Date.now() > deadline) throw new Error('console build lock timed out');
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Builds the console once (vite build with admin/vite.config.ts) unless the last build is newer than its sources. */
export async function ensureConsoleBuilt(): Promise<string> {
  if (isFresh()) return CONSOLE_DIST;
  await withLock(async () => {
    if (isFresh()) return;
    // A child process: vite inside a vitest worker would share (and fight over) its module graph.
    const vite = join(ROOT, 'node_modules', '.bin', 'vite');
    const args = ['build', '--config', 'admin/vite.config.ts', '--outDir', CONSOLE_DIST, '--emptyOutDir'];
    const child = spawn(vite, [...args, '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`console build failed (${code}): ${err.slice(-2000)}`);
  });
  return CONSOLE_DIST;
}
