import { readJson, type Tree } from '@nx/devkit';
import type { ContextPorts } from './context-names';

interface ProjectFile {
  tags?: string[];
  metadata?: { chronicle?: { rpcPort?: number; opsPort?: number } };
}

/**
 * The next free block of a hundred ports after every service's (`role:service` apps' metadata):
 * inventory 42xx, ordering 43xx, notifications 44xx -> 4501 / 4511 (command RPC / ops), 4502 / 4512 (query).
 */
export function nextContextPorts(tree: Tree): ContextPorts {
  let highest = 4000;
  for (const dir of tree.exists('apps') ? tree.children('apps') : []) {
    const file = `apps/${dir}/project.json`;
    if (!tree.exists(file)) continue;
    const project = readJson<ProjectFile>(tree, file);
    if (!project.tags?.includes('role:service')) continue;
    const { rpcPort, opsPort } = project.metadata?.chronicle ?? {};
    for (const port of [rpcPort, opsPort]) if (typeof port === 'number') highest = Math.max(highest, port);
  }
  const base = (Math.floor(highest / 100) + 1) * 100;
  if (base + 12 > 65535) throw new Error(`No free block of ports after ${highest}`);
  return { commandRpc: base + 1, commandOps: base + 11, queryRpc: base + 2, queryOps: base + 12 };
}
