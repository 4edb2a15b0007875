import { Controller, type Type } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { adminPatterns, DeadLetterRequest, ResetRequest, SubscriptionRequest } from '@chronicle/messaging';
import type { DeadLetter, DeadLetterResolution } from '../dead-letters/dead-letters';
import type { RebuildRun } from '../admin/rebuild-runs';
import type { ResetPlan } from '../admin/subscription-reset';
import { Projections } from '../projections';
import { encodeEvent } from '../store/event-codec';

/** Turns bigints and dates into what JSON carries (decimal strings, ISO dates). */
const wire = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));

const deadLetterOnWire = (d: DeadLetter) => wire({ ...d, error: d.error ?? null, event: encodeEvent(d.event) });
const resolutionOnWire = (r: DeadLetterResolution) => wire({ ...r, failed: r.failed ? deadLetterOnWire(r.failed) : null });
const runOnWire = (run: RebuildRun) => wire({ subscription: run.projection, ...run, projection: undefined, etaSeconds: run.etaSeconds ?? null, error: run.error ?? null });
const planOnWire = (plan: ResetPlan) => wire(plan);

/**
 * The subscriptions admin of a service over RPC (its patterns carry the service's name): what
 * the gateway's /admin routes reach. One implementation for every service running projections.
 */
export function subscriptionsAdminController(service: string): Type<unknown> {
  const patterns = adminPatterns(service);

  @Controller()
  class SubscriptionsAdminController {
    constructor(private readonly projections: Projections) {}

    @MessagePattern(patterns.subscriptions)
    async list(): Promise<unknown> {
      return wire({ subscriptions: (await this.projections.admin.list()).map((s) => ({ service, ...s })) });
    }

    @MessagePattern(patterns.deadLetters)
    async deadLetters(@Payload() request: SubscriptionRequest): Promise<unknown> {
      return { deadLetters: (await this.projections.admin.deadLetters(request.name)).map(deadLetterOnWire) };
    }

    @MessagePattern(patterns.retryDeadLetter)
    async retry(@Payload() request: DeadLetterRequest): Promise<unknown> {
      return resolutionOnWire(await this.projections.admin.retry(request.name, request.id));
    }

    @MessagePattern(patterns.skipDeadLetter)
    async skip(@Payload() request: DeadLetterRequest): Promise<unknown> {
      return resolutionOnWire(await this.projections.admin.skip(request.name, request.id));
    }

    @MessagePattern(patterns.retryAllDeadLetters)
    retryAll(@Payload() request: SubscriptionRequest): Promise<unknown> {
      return this.projections.admin.retryAll(request.name);
    }

    @MessagePattern(patterns.startRebuild)
    async startRebuild(@Payload() request: SubscriptionRequest): Promise<unknown> {
      return runOnWire(await this.projections.admin.startRebuild(request.name));
    }

    @MessagePattern(patterns.rebuildProgress)
    async rebuildProgress(@Payload() request: SubscriptionRequest): Promise<unknown> {
      const run = await this.projections.admin.rebuildProgress(request.name);
      return run ? runOnWire(run) : null;
    }

    @MessagePattern(patterns.reset)
    async reset(@Payload() request: ResetRequest): Promise<unknown> {
      return planOnWire(await this.projections.admin.reset(request.name, BigInt(request.to), { confirm: request.confirm === true }));
    }
  }
  Object.defineProperty(SubscriptionsAdminController, 'name', { value: `SubscriptionsAdminController(${service})` });
  return SubscriptionsAdminController;
}
