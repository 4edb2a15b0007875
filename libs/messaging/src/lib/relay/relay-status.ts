/**
 * What a relay is doing: `standby` waits for the lease; holding it, `waiting-for-nats` cannot reach
 * NATS and `retrying` pauses after a failed round (JetStream refused, PostgreSQL failed).
 */
export type RelayState = 'starting' | 'standby' | 'publishing' | 'waiting-for-nats' | 'retrying' | 'stopped';

export interface RelayStatus {
  name: string;
  state: RelayState;
  natsConnected: boolean;
  /** Last position stored as published (decimal string: positions are bigint). */
  checkpoint: string | undefined;
  /** Messages JetStream acknowledged since start, and how many of them it dropped as duplicates. */
  published: number;
  duplicates: number;
  lastError: string | undefined;
}

/** Ready: connected to NATS and either publishing or a healthy hot standby. */
export function isRelayReady(status: RelayStatus): boolean {
  return status.natsConnected && (status.state === 'publishing' || status.state === 'standby');
}
