import { Injectable, Logger } from '@nestjs/common';
import { InjectEventStore, type EventStore } from '@chronicle/event-store';
import { OPERATIONS_AUDIT_STREAM, operatorActionPerformedSchema } from '@chronicle/operations-contracts';
import type { AuthUser } from '../http/gateway-request';

/** Records every mutating admin action as an event in `operations-audit`: the audit trail lives with everything else. */
@Injectable()
export class OperatorAudit {
  private readonly logger = new Logger(OperatorAudit.name);

  constructor(@InjectEventStore() private readonly store: EventStore) {}

  async record(user: AuthUser | undefined, action: string, target: string, details: Record<string, unknown>, correlationId: string): Promise<void> {
    const data = operatorActionPerformedSchema.parse({
      actor: { userId: user?.id ?? 'unknown', ...(user?.email ? { email: user.email } : {}) },
      action,
      target,
      details: JSON.parse(JSON.stringify(details)) as Record<string, unknown>,
    });
    try {
      await this.store.appendToStream(OPERATIONS_AUDIT_STREAM, [{ type: 'OperatorActionPerformed', data: data as never, metadata: { correlationId } }]);
    } catch (error) {
      // The action already happened: say so loudly rather than answer it as failed.
      this.logger.error(`Could not record ${action} on ${target} by ${user?.id}: ${(error as Error).message}`);
    }
  }
}
