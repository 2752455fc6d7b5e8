import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import { requestIdMixin } from './requestContext.ts';

/**
 * JSON lines on stdout (or `destination`, for tests). Every line written inside a request or a job's
 * context carries its `requestId` (services/requestContext.ts), whoever logs it.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { app: 'huiyin' },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: requestIdMixin,
  };
  return destination ? pino(options, destination) : pino(options);
}
