import { readFileSync } from 'node:fs';
import { fmtFixed } from './stats';
import { printTable } from './table';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  /** Microseconds on the monotonic clock (process.hrtime's). */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: a package, Node itself, the app's bundle, or V8's own states. */
function origin(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : `(native) ${functionName}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  if (url.startsWith('node:')) return url.split('/')[0] === 'node:internal' ? `node:${url.split('/')[1] ?? ''}` : url;
  const chronicle = /(libs\/[^/]+|apps\/[^/]+)/.exec(url);
  return chronicle ? (chronicle[1] as string) : url.replace(/^.*\//, '');
}

/** Self time (ms) of each origin and each function, counting only the samples between `fromUs` and `toUs` (monotonic µs). */
export function summarizeCpuProfile(path: string, fromUs: number, toUs: number): { byOrigin: Map<string, number>; byFunction: Map<string, number>; totalMs: number } {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byOrigin = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let t = profile.startTime;
  let totalMs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (t < fromUs || t > toUs) continue;
    const node = nodes.get(profile.samples[i] as number);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    const ms = delta / 1000;
    totalMs += ms;
    const where = origin(node.callFrame);
    byOrigin.set(where, (byOrigin.get(where) ?? 0) + ms);
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${where}${node.callFrame.url ? `:${node.callFrame.lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
  }
  return { byOrigin, byFunction, totalMs };
}

/** Prints each app's busiest origins and functions in the window, per order. */
export function printCpuProfiles(profiles: ReadonlyArray<{ name: string; path: string }>, fromUs: number, toUs: number, orders: number, top = 8): void {
  const per = Math.max(1, orders);
  for (const { name, path } of profiles) {
    let summary: ReturnType<typeof summarizeCpuProfile>;
    try {
      summary = summarizeCpuProfile(path, fromUs, toUs);
    } catch (error) {
      console.log(`${name}: no CPU profile (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    const rows = (map: Map<string, number>) =>
      [...map.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([what, ms]) => [what.slice(0, 100), fmtFixed(ms / per, 3), `${fmtFixed((100 * ms) / Math.max(summary.totalMs, 1e-9), 1)}%`]);
    printTable(`${name}: self time by origin in the measured window (${fmtFixed(summary.totalMs / per, 2)} ms per order sampled)`, ['origin', 'ms per order', 'share'], rows(summary.byOrigin));
    printTable(`${name}: busiest functions`, ['function', 'ms per order', 'share'], rows(summary.byFunction));
  }
}
