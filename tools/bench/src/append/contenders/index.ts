import type { AppendContender, ContenderName, ContenderOptions } from './types';

export { CONTENDERS, isContenderName } from './types';
export type { AppendContender, ContenderName, ContenderOptions } from './types';

/** Loads only the contender asked for, so a worker process never imports the others. */
export async function createContender(name: ContenderName, options: ContenderOptions): Promise<AppendContender> {
  switch (name) {
    case 'raw':
      return (await import('./raw')).createRawContender(options);
    case 'emmett':
      return (await import('./emmett')).createEmmettContender(options);
    case 'chronicle':
      return (await import('./chronicle')).createChronicleContender(options);
  }
}
