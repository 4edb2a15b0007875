import { randomBytes } from 'node:crypto';

export const NATS_URL_HINT = 'set NATS_URL=nats://127.0.0.1:4222';

/**
 * `describe` for suites that need NATS with JetStream. Such files are named `*.nats.int.spec.ts`:
 * without NATS_URL the Jest preset leaves them out and the global setup says so, so they never
 * pass silently and never show up as skipped tests.
 */
export function describeWithNats(name: string, suite: (natsUrl: string) => void): void {
  const url = process.env['NATS_URL'];
  if (!url) throw new Error(`${name} needs NATS with JetStream (${NATS_URL_HINT}); name its file *.nats.int.spec.ts`);
  describe(name, () => suite(url));
}

/** Stream and subject prefix of one test run: parallel runs on a shared NATS never meet. */
export function uniqueJetStreamNames(label: string): { stream: string; subjectPrefix: string } {
  const suffix = `${label}-${randomBytes(4).toString('hex')}`;
  return { stream: `TEST-${suffix}`, subjectPrefix: `chronicle-test-${suffix}` };
}
