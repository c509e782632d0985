import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs on stdout. Redaction is a second line of defence: code never passes tokens,
 * secrets or matched content to the logger in the first place.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'dlp-triage' },
      redact: {
        paths: ['*.authorization', '*.Authorization', '*.MicrosoftAppPassword', '*.password', '*.token', '*.secret'],
        censor: '***',
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? process.stdout,
  );
}
