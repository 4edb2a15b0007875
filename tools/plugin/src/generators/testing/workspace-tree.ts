import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';

export const workspaceRoot = join(__dirname, '../../../../..');

/** The workspace files the generators read or edit (the real ones, so a change to them that breaks an edit fails here). */
const SEEDED = [
  'tsconfig.base.json',
  'eslint.config.mjs',
  'docker-compose.yml',
  'deploy/k8s/kustomization.yaml',
  'deploy/k8s/config.yaml',
  'apps/gateway/src/app/gateway.module.ts',
  'apps/gateway/src/app/gateway.config.ts',
  'apps/gateway/src/app/graphql/gateway-graphql.module.ts',
  'apps/gateway/src/app/http/problem.ts',
  'apps/gateway/src/app/health/health.controller.ts',
  'apps/gateway/src/app/admin/admin-services.ts',
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * A virtual tree holding the workspace's real configuration files, every app's project.json and
 * `extra` directories copied whole (e.g. a command app and the contracts, for the reactor).
 */
export function workspaceTree(extra: string[] = []): Tree {
  const tree = createTreeWithEmptyWorkspace();
  const copy = (path: string) => tree.write(relative(workspaceRoot, path), readFileSync(path));
  for (const file of SEEDED) copy(join(workspaceRoot, file));
  for (const app of readdirSync(join(workspaceRoot, 'apps'))) {
    const project = join(workspaceRoot, 'apps', app, 'project.json');
    if (existsSync(project)) copy(project);
  }
  for (const dir of extra) filesUnder(join(workspaceRoot, dir)).forEach(copy);
  return tree;
}

/** Every file of the tree under `dir`, relative to the tree's root. */
export function treeFiles(tree: Tree, dir: string): string[] {
  if (tree.isFile(dir)) return [dir];
  return tree.children(dir).flatMap((child) => treeFiles(tree, `${dir}/${child}`));
}

export const readText = (tree: Tree, path: string): string => {
  const text = tree.read(path, 'utf-8');
  if (text === null) throw new Error(`${path} is not in the tree`);
  return text;
};
