import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Logs JSON lines to stdout, or to `destination` (tests capture the lines to scan them for secrets). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'coditect-server' },
      redact: {
        paths: ['*.password', '*.authorization', '*.token', '*.secret', 'req.headers.authorization'],
        censor: '[REDACTED]',
      },
    },
    destination,
  );
}
