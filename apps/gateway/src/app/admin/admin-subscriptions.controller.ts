import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiDefaultResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../auth/auth.decorators';
import { GatewayError, GatewayErrorCodes } from '../http/gateway-error';
import type { GatewayRequest } from '../http/gateway-request';
import { ProblemModel } from '../identity/identity.models';
import { scrubbed } from './admin-event';
import { positionParam } from './admin-query';
import { AdminServices, SUBSCRIPTION_SERVICES } from './admin-services';
import { OperatorAudit } from './operator-audit';

const NAME = /^[a-z][a-z0-9_]{0,39}$/;
const ID = /^[1-9]\d{0,18}$/;

interface Subscription {
  name: string;
  [field: string]: unknown;
}

interface DeadLetterOnWire {
  event?: { data?: unknown } | null;
  [field: string]: unknown;
}

function nameParam(name: string): string {
  if (!NAME.test(name)) throw new GatewayError(GatewayErrorCodes.NOT_FOUND, 404, `No subscription named '${name}'`);
  return name;
}

function idParam(id: string): string {
  if (!ID.test(id)) throw new GatewayError(GatewayErrorCodes.NOT_FOUND, 404, `No dead letter ${id}`);
  return id;
}

/** Every projection and reactor of every service; each action runs in the service that owns the subscription. */
@ApiTags('admin')
@ApiBearerAuth()
@ApiDefaultResponse({ type: ProblemModel, description: 'An error, as application/problem+json (401, 403 for a non-admin, 404, 409, 503)' })
@AdminOnly()
@Controller('admin/subscriptions')
export class AdminSubscriptionsController {
  constructor(
    private readonly services: AdminServices,
    private readonly audit: OperatorAudit,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every projection and reaction of every service: version, partitions, owner, state, lag, dead letters' })
  async list(): Promise<{ subscriptions: Subscription[]; unreachable: string[] }> {
    const { answers, unreachable } = await this.services.all<{ subscriptions: Subscription[] }>(SUBSCRIPTION_SERVICES, (p) => p.subscriptions);
    const subscriptions = answers.flatMap(({ answer }) => answer.subscriptions).sort((a, b) => a.name.localeCompare(b.name));
    return { subscriptions, unreachable };
  }

  @Get(':name')
  @ApiOperation({ summary: 'One subscription' })
  async get(@Param('name') name: string): Promise<Subscription> {
    const owner = await this.services.ownerOf(nameParam(name));
    const { subscriptions } = await this.services.call<{ subscriptions: Subscription[] }>(owner, (p) => p.subscriptions);
    const found = subscriptions.find((s) => s.name === name);
    if (!found) throw new GatewayError('PROJECTION_UNKNOWN', 404, `No subscription named '${name}'`);
    return found;
  }

  @Get(':name/dead-letters')
  @ApiOperation({ summary: 'Its dead letters: the event, the error, attempts, the key it holds back' })
  async deadLetters(@Param('name') name: string): Promise<{ deadLetters: DeadLetterOnWire[] }> {
    const owner = await this.services.ownerOf(nameParam(name));
    const { deadLetters } = await this.services.call<{ deadLetters: DeadLetterOnWire[] }>(owner, (p) => p.deadLetters, { name });
    return { deadLetters: deadLetters.map((d) => ({ ...d, event: scrubbed(d.event) })) };
  }

  @Post(':name/dead-letters/retry-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retry every failed dead letter (each releases what waits behind it)' })
  async retryAll(@Param('name') name: string, @Req() req: GatewayRequest): Promise<unknown> {
    const owner = await this.services.ownerOf(nameParam(name));
    const result = await this.services.call<Record<string, unknown>>(owner, (p) => p.retryAllDeadLetters, { name });
    await this.audit.record(req.user, 'dead-letters.retry-all', name, result, req.correlationId);
    return result;
  }

  @Post(':name/dead-letters/:id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-apply a dead letter and what waits behind it' })
  retry(@Param('name') name: string, @Param('id') id: string, @Req() req: GatewayRequest): Promise<unknown> {
    return this.resolve('retry', name, id, req);
  }

  @Post(':name/dead-letters/:id/skip')
  @HttpCode(200)
  @ApiOperation({ summary: 'Drop a dead letter without applying it; re-apply what waits behind it' })
  skip(@Param('name') name: string, @Param('id') id: string, @Req() req: GatewayRequest): Promise<unknown> {
    return this.resolve('skip', name, id, req);
  }

  @Post(':name/rebuild')
  @HttpCode(202)
  @ApiOperation({ summary: 'Start a rebuild (projections); follow it with GET' })
  async rebuild(@Param('name') name: string, @Req() req: GatewayRequest): Promise<unknown> {
    const owner = await this.services.ownerOf(nameParam(name));
    const run = await this.services.call<Record<string, unknown>>(owner, (p) => p.startRebuild, { name });
    await this.audit.record(req.user, 'subscription.rebuild', name, { version: run['version'] }, req.correlationId);
    return run;
  }

  @Get(':name/rebuild')
  @ApiOperation({ summary: 'Progress of the last rebuild: processed / total, events/s, ETA, phase (done after the switch)' })
  async rebuildProgress(@Param('name') name: string): Promise<unknown> {
    const owner = await this.services.ownerOf(nameParam(name));
    const run = await this.services.call<Record<string, unknown> | null>(owner, (p) => p.rebuildProgress, { name });
    if (!run) throw new GatewayError(GatewayErrorCodes.NOT_FOUND, 404, `'${name}' was never rebuilt`);
    return run;
  }

  @Post(':name/reset')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move it to a position: a dry run (what is re-applied, which effects repeat) unless confirm is true' })
  @ApiBody({ schema: { type: 'object', required: ['to'], properties: { to: { type: 'string', example: '0' }, confirm: { type: 'boolean' } } } })
  async reset(@Param('name') name: string, @Body() body: unknown, @Req() req: GatewayRequest): Promise<unknown> {
    const { to, confirm } = (body ?? {}) as { to?: unknown; confirm?: unknown };
    const position = positionParam('to', typeof to === 'number' ? String(to) : to);
    if (position === undefined) throw new GatewayError('VALIDATION_FAILED', 400, 'to is required: the position to restart after', { fields: { to: ['is required'] } });
    if (confirm !== undefined && typeof confirm !== 'boolean') throw new GatewayError('VALIDATION_FAILED', 400, 'confirm must be true or false', { fields: { confirm: ['must be a boolean'] } });
    const unknownFields = Object.keys((body ?? {}) as object).filter((k) => k !== 'to' && k !== 'confirm');
    if (unknownFields.length) throw new GatewayError('VALIDATION_FAILED', 400, `unknown fields: ${unknownFields.join(', ')}`, { fields: Object.fromEntries(unknownFields.map((k) => [k, ['is not allowed']])) });
    const owner = await this.services.ownerOf(nameParam(name));
    const plan = await this.services.call<Record<string, unknown>>(owner, (p) => p.reset, { name, to: position.toString(), confirm: confirm === true });
    if (confirm === true) await this.audit.record(req.user, 'subscription.reset', name, plan, req.correlationId);
    return plan;
  }

  private async resolve(action: 'retry' | 'skip', name: string, id: string, req: GatewayRequest): Promise<unknown> {
    const owner = await this.services.ownerOf(nameParam(name));
    const result = await this.services.call<{ failed?: DeadLetterOnWire | null }>(owner, (p) => (action === 'retry' ? p.retryDeadLetter : p.skipDeadLetter), { name, id: idParam(id) });
    await this.audit.record(req.user, `dead-letter.${action}`, `${name}/${id}`, { ...result, failed: result.failed ? { error: result.failed['error'] } : null }, req.correlationId);
    return { ...result, failed: result.failed ? { ...result.failed, event: scrubbed(result.failed.event) } : null };
  }
}
