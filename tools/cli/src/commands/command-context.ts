import { InvalidArgumentError } from 'commander';
import type { AdminClient } from '../admin-client';
import type { Output } from '../output';

/** What a command runs with: the client (signed in lazily) and where its output goes. */
export type CommandContext = () => { client: AdminClient; out: Output };

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

/** `60s`, `5m`, `2h` or plain seconds. */
export function durationSeconds(value: string): number {
  const match = /^(\d+)(s|m|h)?$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError('must be a duration like 60s, 5m or 2h');
  return Number(match[1]) * ({ s: 1, m: 60, h: 3600 }[match[2] as 's' | 'm' | 'h'] ?? 1);
}

export function position(value: string): string {
  if (!/^(0|[1-9]\d{0,18})$/.test(value)) throw new InvalidArgumentError('must be a position (a non-negative integer)');
  return value;
}
