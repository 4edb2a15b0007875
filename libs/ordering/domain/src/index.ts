export { orderDecider, decideOrder, evolveOrder, initialOrderState, OrderingDomainError } from './lib/order.decider';
export type { OrderCommand, OrderState } from './lib/order.decider';
