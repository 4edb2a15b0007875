import { createServer } from 'node:net';
import type { PortUse } from './apps';
import { describePortHolder } from './port-holder';

/** Binds the port for a moment: the error code when that fails (EADDRINUSE, EACCES...). */
function bindError(use: PortUse): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen({ port: use.port, host: use.host, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

/**
 * One line for each port the apps cannot have: in use by another process (which one, when it can
 * be found), or asked for by two of them. Checked before anything starts, so the answer is this
 * line instead of an app's stack trace half-way through start-up.
 */
export async function portProblems(uses: readonly PortUse[]): Promise<string[]> {
  const problems: string[] = [];
  const claimed = new Map<number, PortUse>();
  for (const use of uses.filter((u) => u.port !== 0)) {
    const other = claimed.get(use.port);
    if (other) {
      problems.push(`Port ${use.port} is set for both ${other.app} (${other.variable}) and ${use.app} (${use.variable}): set ${use.variable} to another port`);
      continue;
    }
    claimed.set(use.port, use);
    const code = await bindError(use);
    if (!code) continue;
    const holder = code === 'EADDRINUSE' ? describePortHolder(use.port) : undefined;
    const why = code === 'EADDRINUSE' ? `is in use${holder ? ` by ${holder}` : ' by another process'}` : `cannot be bound on ${use.host} (${code})`;
    problems.push(`Port ${use.port} (${use.variable}, ${use.app}) ${why}: ${holder ? 'stop it, or ' : ''}set ${use.variable} to a free port`);
  }
  return problems;
}
