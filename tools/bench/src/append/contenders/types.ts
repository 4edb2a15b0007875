import type { BenchEvent } from '../../lib/events';

export const CONTENDERS = ['raw', 'emmett', 'chronicle'] as const;
export type ContenderName = (typeof CONTENDERS)[number];

export function isContenderName(name: string): name is ContenderName {
  return (CONTENDERS as readonly string[]).includes(name);
}

export interface ContenderOptions {
  readonly connectionString: string;
  /** Pooled connections the contender may use. */
  readonly poolSize: number;
}

/** One way of appending events: set up (schema created) and ready to append. */
export interface AppendContender {
  readonly name: ContenderName;
  /** Appends the events to the stream in one transaction, no concurrency check. */
  append(streamId: string, events: readonly BenchEvent[]): Promise<void>;
  close(): Promise<void>;
}
