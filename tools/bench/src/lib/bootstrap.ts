import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** The bench project's tsconfig: it extends tsconfig.base.json, so it carries the `@chronicle/*` paths. */
export const BENCH_TSCONFIG = resolve(__dirname, '../../tsconfig.runtime.json');

export interface BenchMain {
  /** Runs the benchmark and resolves to the process exit code. */
  main(): Promise<number>;
}

function workspacePathsResolve(): boolean {
  try {
    // tsx hooks module resolution: this succeeds only when it loaded a tsconfig with the paths.
    require.resolve('@chronicle/testing');
    return true;
  } catch {
    return false;
  }
}

/**
 * Entry point of a benchmark script.
 * tsx reads `tsconfig.json` from the working directory, and the workspace root has only
 * tsconfig.base.json; when the `@chronicle/*` paths do not resolve, the script relaunches
 * itself once with TSX_TSCONFIG_PATH pointing at the bench tsconfig (children inherit it).
 */
export function runBenchEntry(load: () => Promise<BenchMain>): void {
  if (!workspacePathsResolve() && !process.env['TSX_TSCONFIG_PATH']) {
    const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, TSX_TSCONFIG_PATH: BENCH_TSCONFIG },
    });
    // Ctrl-C reaches the whole process group: let the child clean up and report its own exit.
    const ignore = (): void => undefined;
    process.on('SIGINT', ignore);
    process.on('SIGTERM', ignore);
    child.on('exit', (code, signal) => {
      process.exitCode = code ?? (signal ? 1 : 0);
    });
    return;
  }
  load()
    .then((m) => m.main())
    .then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        console.error(error);
        process.exitCode = 1;
      },
    );
}
