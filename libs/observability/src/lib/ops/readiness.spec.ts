import { probe, ReadinessChecks } from './readiness';

describe('readiness checks', () => {
  it('a probe is up when it answers, down with the reason when it fails or takes too long', async () => {
    await expect(probe(async () => 'pong')()).resolves.toEqual({ status: 'up' });
    await expect(probe(() => Promise.reject(new Error('connection refused')))()).resolves.toEqual({ status: 'down', message: 'connection refused' });
    await expect(probe(() => new Promise(() => undefined), 20)()).resolves.toEqual({ status: 'down', message: 'no answer within 20 ms' });
  });

  it('names each part; a name registered twice is a mistake', async () => {
    const checks = new ReadinessChecks();
    checks.register('database', probe(async () => undefined));
    expect(() => checks.register('database', probe(async () => undefined))).toThrow(/twice/);
    const results = await Promise.all(checks.indicators().map((indicator) => indicator()));
    expect(results).toEqual([{ database: { status: 'up' } }]);
  });
});
