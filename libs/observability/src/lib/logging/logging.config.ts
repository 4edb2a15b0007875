import { z } from 'zod';

const schema = z.object({
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  /** json: one object a line (production); pretty: for people. Default: pretty when stdout is a terminal. */
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
});

export interface LoggingConfig {
  level: 'error' | 'warn' | 'info' | 'debug';
  format: 'json' | 'pretty';
}

/** Read before Nest starts (its logger exists before @nestjs/config), validated like the rest. */
export function loggingConfigFrom(env: Record<string, string | undefined>, stdoutIsTty = process.stdout.isTTY === true): LoggingConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid logging configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return { level: parsed.data.LOG_LEVEL, format: parsed.data.LOG_FORMAT ?? (stdoutIsTty ? 'pretty' : 'json') };
}
