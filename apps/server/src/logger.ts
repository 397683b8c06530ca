import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'coditect-server' },
    redact: {
      paths: ['*.password', '*.authorization', '*.token', '*.secret', 'req.headers.authorization'],
      censor: '[REDACTED]',
    },
  });
}
