export { operationsEvents, operatorActionPerformedSchema, OPERATIONS_AUDIT_STREAM } from './lib/operations.events';
export type { OperatorActionPerformed } from './lib/operations.events';
