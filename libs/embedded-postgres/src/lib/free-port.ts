import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Where free ports are looked for: below the kernel's ephemeral range, so neither another
 * process's `listen(0)` nor an outgoing connection's local port can take one between the check
 * and the bind, and above the ports well-known services use.
 */
const RANGE_LOW = 20_000;
const RANGE_HIGH = 25_000;

/** Ports this process has handed out: never twice, so the ports of one system are all distinct. */
const handedOut = new Set<number>();

function ephemeralRangeLow(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    return Number.isInteger(low) ? low : 32_768;
  } catch {
    return 32_768;
  }
}

/** Listens on `port` (0: the kernel picks) on the loopback interface; the port it got, or undefined if taken. */
function tryListen(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const got = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(got));
    });
  });
}

/**
 * A free TCP port on the loopback interface that this process has not handed out before: a
 * random one below the ephemeral range when the machine leaves room there, else the kernel's pick.
 */
export async function findFreePort(): Promise<number> {
  if (ephemeralRangeLow() > RANGE_HIGH) {
    for (let attempt = 0; attempt < 100; attempt++) {
      const candidate = randomInt(RANGE_LOW, RANGE_HIGH);
      if (handedOut.has(candidate)) continue;
      if ((await tryListen(candidate)) === candidate) {
        handedOut.add(candidate);
        return candidate;
      }
    }
  }
  for (;;) {
    const port = await tryListen(0);
    if (port === undefined) throw new Error('no free TCP port on 127.0.0.1');
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}
