import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = Pick<PinoLogger, 'info' | 'warn' | 'error' | 'debug' | 'child'>;

/** JSON logs to stderr (the Electron shell may redirect them to a file in userData/logs). */
export function createLogger(level: string = process.env.JALON_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { app: 'jalon' } }, pino.destination(2));
}

export const silentLogger: Logger = pino({ level: 'silent' });
