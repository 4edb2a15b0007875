import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const LISTEN = '0A';

/** Socket inodes listening on `port`, from the kernel's tables (Linux). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1]?.split(':').pop();
      if (local && parseInt(local, 16) === port && fields[3] === LISTEN) inodes.add(fields[9]);
    }
  }
  return inodes;
}

function commandLine(pid: string): string {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return args.length > 100 ? `${args.slice(0, 97)}...` : args;
  } catch {
    return '';
  }
}

/** Linux: which process has a socket listening on the port open (only processes we may look into). */
function fromProc(port: number): string | undefined {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return undefined;
  const wanted = new Set([...inodes].map((inode) => `socket:[${inode}]`));
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (wanted.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) return `pid ${pid} (${commandLine(pid)})`;
      } catch {
        // the fd closed while we looked
      }
    }
  }
  return undefined;
}

/** Elsewhere (or without the rights to read /proc): `ss -ltnp`, when it is installed. */
function fromSs(port: number): string | undefined {
  try {
    const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 3000 });
    const match = /users:\(\("([^"]+)",pid=(\d+)/.exec(out);
    return match ? `pid ${match[2]} (${match[1]})` : undefined;
  } catch {
    return undefined;
  }
}

/** "pid 123 (node apps/...)" for the process listening on `port`, when it can be found. */
export function describePortHolder(port: number): string | undefined {
  return fromProc(port) ?? fromSs(port);
}
