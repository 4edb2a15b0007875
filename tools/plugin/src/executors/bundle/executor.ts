import type { ExecutorContext } from '@nx/devkit';
import { bundleApp } from './bundle-app';

export interface BundleExecutorOptions {
  main: string;
  outputPath: string;
  tsConfig?: string;
  assets?: Array<{ from: string; to: string }>;
}

/** `nx build <app>`: dist/apps/<app>/main.js (+ map) and a package.json of what it requires. */
export default async function bundleExecutor(options: BundleExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const projectName = context.projectName ?? 'app';
  try {
    const result = await bundleApp({ ...options, workspaceRoot: context.root, projectName });
    console.log(`${projectName}: ${result.outfile} (${(result.bytes / 1024).toFixed(0)} KiB, ${Object.keys(result.dependencies).length} runtime packages)`);
    return { success: true };
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return { success: false };
  }
}
