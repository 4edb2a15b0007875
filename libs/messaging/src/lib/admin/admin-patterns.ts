/**
 * RPC patterns of the operators' actions a service runs, named after the service: over NATS every
 * service is its own queue group, so a shared subject would be answered by all of them.
 */
export function adminPatterns(service: string) {
  const p = `${service}.admin`;
  return {
    subscriptions: `${p}.subscriptions`,
    deadLetters: `${p}.dead-letters`,
    retryDeadLetter: `${p}.dead-letters.retry`,
    skipDeadLetter: `${p}.dead-letters.skip`,
    retryAllDeadLetters: `${p}.dead-letters.retry-all`,
    startRebuild: `${p}.rebuild.start`,
    rebuildProgress: `${p}.rebuild.progress`,
    reset: `${p}.reset`,
    aggregates: `${p}.aggregates`,
    stateAt: `${p}.state`,
    /** A service's outbox (notifications): deliveries by channel and state, retry or skip a parked one. */
    deliveries: `${p}.deliveries`,
    retryDelivery: `${p}.deliveries.retry`,
    skipDelivery: `${p}.deliveries.skip`,
  } as const;
}

export type AdminPatterns = ReturnType<typeof adminPatterns>;
