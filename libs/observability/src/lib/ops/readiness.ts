import type { FactoryProvider, InjectionToken } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';

/** One part of readiness: `{ status: 'up' | 'down', ...details }`. */
export type ReadinessOutcome = HealthIndicatorResult[string];
export type ReadinessCheck = () => Promise<ReadinessOutcome>;

/** Readiness answers within ~1.5 s whatever is down: a probe that hangs counts as down. */
export const DEFAULT_PROBE_TIMEOUT_MS = 1_500;

/** A check that is up when `run` resolves within `timeoutMs`, down (with the reason) otherwise. */
export function probe(run: () => Promise<unknown>, timeoutMs = DEFAULT_PROBE_TIMEOUT_MS): ReadinessCheck {
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([run(), timeout]);
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', message: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * What this app's readiness is made of. Modules register their parts (the database, the
 * projections, the transport) and GET /health/ready runs them all; one down is 503.
 */
export class ReadinessChecks {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    if (this.checks.has(name)) throw new Error(`Readiness check '${name}' is registered twice`);
    this.checks.set(name, check);
  }

  /** The checks as terminus indicator functions. */
  indicators(): Array<() => Promise<HealthIndicatorResult>> {
    return [...this.checks].map(([name, check]) => async () => ({ [name]: await check() }));
  }
}

/**
 * A provider that registers a readiness check when the app has ReadinessChecks (ObservabilityModule),
 * and does nothing otherwise: a lib's module adds its part of readiness without the app wiring it.
 */
export function readinessCheckProvider<TDeps extends unknown[]>(
  name: string,
  inject: { [K in keyof TDeps]: InjectionToken },
  create: (...deps: TDeps) => ReadinessCheck,
): FactoryProvider {
  return {
    provide: Symbol(`readiness:${name}`),
    inject: [{ token: ReadinessChecks, optional: true }, ...inject],
    useFactory: (checks: ReadinessChecks | undefined, ...deps: unknown[]) => {
      checks?.register(name, create(...(deps as TDeps)));
      return name;
    },
  };
}
