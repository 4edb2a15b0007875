import { randomBytes } from 'node:crypto';

export const NATS_URL_HINT = 'set NATS_URL=nats://127.0.0.1:4222';

/**
 * `describe` for suites that need NATS with JetStream: they run when NATS_URL is set and
 * otherwise print why they skipped (and show as skipped), instead of failing or passing silently.
 */
export function describeWithNats(name: string, suite: (natsUrl: string) => void): void {
  const url = process.env['NATS_URL'];
  if (url) {
    describe(name, () => suite(url));
    return;
  }
  // Straight to stderr: Jest drops the console output of a file whose tests were all skipped.
  process.stderr.write(`SKIPPED: ${name} needs NATS with JetStream (${NATS_URL_HINT})\n`);
  describe(name, () => {
    it.skip(`SKIPPED: needs NATS with JetStream (${NATS_URL_HINT})`, () => undefined);
  });
}

/** Stream and subject prefix of one test run: parallel runs on a shared NATS never meet. */
export function uniqueJetStreamNames(label: string): { stream: string; subjectPrefix: string } {
  const suffix = `${label}-${randomBytes(4).toString('hex')}`;
  return { stream: `TEST-${suffix}`, subjectPrefix: `chronicle-test-${suffix}` };
}
