import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';

/**
 * The watchdog's whole program. Its stdin is a pipe from the owner: the pipe closes when the
 * owner is gone, however it died (SIGKILL included), and then it stops postmaster: fast shutdown
 * for a kept cluster (its data stays, consistent), immediate for a throw-away one, whose directory
 * it then removes. SIGKILL if the server has not stopped after 15 s.
 */
const SCRIPT = `
  const [pid, signal, removeDir] = [Number(process.argv[1]), process.argv[2], process.argv[3]];
  const alive = () => { try { process.kill(pid, 0); return true; } catch { return false; } };
  let started = 0;
  const finish = () => {
    if (removeDir) try { require('fs').rmSync(removeDir, { recursive: true, force: true }); } catch {}
    process.exit(0);
  };
  const ownerGone = () => {
    if (started) return;
    started = Date.now();
    try { process.kill(pid, signal); } catch {}
    setInterval(() => {
      if (!alive()) return finish();
      if (Date.now() - started > 15000) { try { process.kill(pid, 'SIGKILL'); } catch {} }
    }, 100);
  };
  process.stdin.on('end', ownerGone);
  process.stdin.on('close', ownerGone);
  process.stdin.on('error', ownerGone);
  process.stdin.resume();
`;

export interface Watchdog {
  /** The owner stopped the server itself: the watchdog has nothing left to do. */
  dismiss(): void;
}

/** A detached process that stops the server at `postmasterPid` once this process is gone. */
export function spawnWatchdog(postmasterPid: number, options: { keepData: boolean; removeDir?: string }): Watchdog {
  const args = ['-e', SCRIPT, String(postmasterPid), options.keepData ? 'SIGINT' : 'SIGQUIT', ...(options.removeDir ? [options.removeDir] : [])];
  const child = spawn(process.execPath, args, { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  // Neither the process nor our end of its pipe may keep this process alive.
  child.unref();
  (child.stdin as Socket | null)?.unref();
  return { dismiss: () => child.kill('SIGKILL') };
}
