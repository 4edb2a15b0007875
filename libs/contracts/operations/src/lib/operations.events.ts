import { z } from 'zod';

/**
 * The operators' audit trail: every mutating admin action (retrying a dead letter, a rebuild, a
 * reset, retrying a parked e-mail) is recorded where everything else is, in the stream
 * `operations-audit`, with the operator's correlation id.
 */
export const OPERATIONS_AUDIT_STREAM = 'operations-audit';

export const operatorActionPerformedSchema = z.object({
  /** Who: the operator's user id and e-mail. */
  actor: z.object({ userId: z.string().min(1).max(100), email: z.string().max(320).optional() }),
  /** What, e.g. `subscription.reset`, `dead-letter.retry`, `notification.skip`. */
  action: z.string().min(1).max(100),
  /** On what, e.g. `inventory_reactions`, `inventory_reactions/42`. */
  target: z.string().min(1).max(500),
  /** The request's parameters and the outcome, as the admin API answered them. */
  details: z.record(z.unknown()),
});

export type OperatorActionPerformed = { type: 'OperatorActionPerformed'; data: z.infer<typeof operatorActionPerformedSchema> };

/** Registrations for the event registry (structurally `EventRegistration` of @chronicle/event-sourcing). */
export const operationsEvents = [
  {
    type: 'OperatorActionPerformed',
    schemaVersion: 1,
    schema: operatorActionPerformedSchema,
    producer: 'gateway',
    description: 'An operator changed something through the admin API',
  },
] as const;
