import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './processes.ts';

export interface ClusterNode {
  port: number;
  proc: ChildProcess;
  /** Last lines of the server's output, for failure messages. */
  output: string[];
}

/** A redis-server in cluster mode on free ports, keeping nothing on disk but its node file in `dir`. */
export async function spawnClusterNode(dir: string, extra: string[] = []): Promise<ClusterNode> {
  const port = await freePort();
  // The cluster bus port is set explicitly: the default (port + 10000) may be taken or past 65535.
  const busPort = await freePort();
  const proc = spawn(
    'redis-server',
    [
      ...['--port', String(port), '--cluster-port', String(busPort), '--bind', '127.0.0.1'],
      ...['--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`)],
      ...['--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
      ...extra,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  const keep = (buf: Buffer) => output.push(...String(buf).split('\n').filter(Boolean).slice(-20));
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  return { port, proc, output };
}
