import { describeWithNats, readStreamMessages } from '@chronicle/testing';
import { appendUsers, expectedPublishedIds } from '../testing/identity-events';
import { spawnRelay, type RelayProcess } from '../testing/relay-process';
import { sleep, useRelayTestContext } from '../testing/relay-test-context';

const LEASE_INTERVAL_MS = 200;
/** The dead relay's session (and so its advisory lock) goes at once; the standby's next try takes it. */
const LEASE_TIMEOUT_MS = 5 * LEASE_INTERVAL_MS;

describeWithNats('two relay processes with one name', (natsUrl) => {
  const ctx = useRelayTestContext('failover', natsUrl);

  it('only one publishes; killing it hands over within the lease timeout, with no gap', async () => {
    const { store, nc, names } = ctx;
    const env = ctx.relayEnv({ RELAY_LEASE_INTERVAL_MS: String(LEASE_INTERVAL_MS), RELAY_BATCH_SIZE: '50' });
    let writing = true;
    const writer = (async () => {
      while (writing) {
        await appendUsers(store, 10, 2);
        await sleep(20);
      }
    })();
    const relays: RelayProcess[] = await Promise.all([spawnRelay(env), spawnRelay(env)]);
    try {
      // Start-up compiles the app on the fly (swc): on a busy CI machine that alone can take 20 s.
      await Promise.all(relays.map((r) => r.waitFor((s) => s.state === 'publishing' || s.state === 'standby', 60_000)));
      const [first] = await Promise.race(relays.map((r, i) => r.waitFor((s) => s.state === 'publishing').then(() => [i])));
      const leader = relays[first ?? 0]!;
      const standby = relays[1 - (first ?? 0)]!;
      // Both run side by side for a while: the standby never publishes.
      for (let i = 0; i < 10; i++) {
        const [l, s] = await Promise.all([leader.status(), standby.status()]);
        expect(l?.status.state).toBe('publishing');
        expect(s?.status).toMatchObject({ state: 'standby', published: 0 });
        expect(s?.ready).toBe(true);
        await sleep(100);
      }
      const takeover = standby.waitFor((s) => s.state === 'publishing', 10_000);
      const killedAt = Date.now();
      expect(await leader.kill()).toBe('SIGKILL');
      await takeover;
      const handoverMs = Date.now() - killedAt;
      expect(handoverMs).toBeLessThan(LEASE_TIMEOUT_MS);
      await sleep(300); // the survivor publishes while events keep coming
      writing = false;
      await writer;
      const head = await store.headPosition();
      await standby.waitFor((s) => s.checkpoint !== undefined && BigInt(s.checkpoint) >= head);
      const messages = await readStreamMessages(nc, names.stream);
      expect(messages.map((m) => m.msgId)).toEqual(await expectedPublishedIds(store));
      console.log(`relay failover: handover in ${handoverMs} ms (lease interval ${LEASE_INTERVAL_MS} ms), ${messages.length} messages, no gap`);
    } finally {
      writing = false;
      await writer;
      await Promise.all(relays.map((r) => r.kill()));
    }
  }, 120_000);
});
