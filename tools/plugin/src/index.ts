import { dirname } from 'node:path';
import { createNodesFromFiles, readJsonFile, type CreateNodesV2 } from '@nx/devkit';

interface ProjectFile {
  projectType?: string;
  tags?: string[];
}

/**
 * Infers `build` for every app (project tagged `type:app` with a `src/main.ts`): the bundle
 * executor into `dist/<project root>`. A project.json may add options (assets) or override it.
 */
export const createNodesV2: CreateNodesV2 = [
  'apps/*/project.json',
  (files, _options, context) =>
    createNodesFromFiles(
      (file) => {
        const project = readJsonFile<ProjectFile>(`${context.workspaceRoot}/${file}`);
        const root = dirname(file);
        if (project.projectType !== 'application' || !project.tags?.includes('type:app')) return {};
        return {
          projects: {
            [root]: {
              targets: {
                build: {
                  executor: '@chronicle/plugin:bundle',
                  cache: true,
                  inputs: ['production', '^production', '{workspaceRoot}/package.json'],
                  outputs: ['{workspaceRoot}/dist/{projectRoot}'],
                  options: { main: `${root}/src/main.ts`, outputPath: `dist/${root}`, tsConfig: 'tsconfig.base.json' },
                },
              },
            },
          },
        };
      },
      files,
      undefined,
      context,
    ),
];

export { contextServices, opsPortVariable, portVariable, readSystemApps, roleOf } from './workspace/system-apps';
export type { AppMetadata, AppRole, PortUse, SystemApp } from './workspace/system-apps';
