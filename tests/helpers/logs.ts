import { Writable } from 'node:stream';
import { createLogger } from '../../services/logger.ts';

/** The production logger (createLogger) writing its JSON lines into `lines` instead of stdout. */
export function capturingLogger(lines: Array<Record<string, unknown>>) {
  return createLogger(
    'debug',
    new Writable({
      write(chunk, _enc, cb) {
        for (const l of String(chunk).split('\n')) if (l) lines.push(JSON.parse(l));
        cb();
      },
    }),
  );
}
