import type { z, ZodTypeAny } from 'zod';

/**
 * Validates a service's environment with its zod schema. On failure it throws ONE error naming
 * every problem, so a misconfigured service stops at start-up with the whole list.
 */
export function parseServiceConfig<T extends ZodTypeAny>(service: string, schema: T, env: Record<string, string | undefined>): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid ${service} configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
