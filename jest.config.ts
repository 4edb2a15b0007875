import { getJestProjectsAsync } from '@nx/jest';
import type { Config } from 'jest';

/** Runs every project's tests from the root: `npx jest` (CI uses `npm test`, which goes through Nx). */
export default async (): Promise<Config> => ({
  projects: await getJestProjectsAsync(),
});
