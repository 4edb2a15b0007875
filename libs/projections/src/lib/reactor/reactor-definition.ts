import { EventRegistry, type DomainEvent } from '@chronicle/event-sourcing';
import type { RecordedEvent } from '@chronicle/event-store';
import { ProjectionDefinitionError } from '../core/errors';
import { defineProjection, type ProjectionDefinition } from '../core/projection';
import type { Reaction, ReactionStep, ReactorOptions, TimerReaction, TimerStep } from './reactor-types';

const STEP_NAME = /^[a-z][a-z0-9-]{0,79}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A reactor ready to run: its steps by event type and timer kind, and how it reads events. */
export interface ReactorDefinition {
  name: string;
  namespace: string;
  registry: EventRegistry;
  steps: ReadonlyMap<string, readonly ReactionStep<Reaction>[]>;
  timers: ReadonlyMap<string, TimerStep<TimerReaction>>;
}

/** The runtime's view of a reactor: a projection (checkpoints, leases, partitions, dead letters) whose batches it runs itself. */
export interface ReactorProjection extends ProjectionDefinition {
  reactor: ReactorDefinition;
}

export const isReactor = (projection: ProjectionDefinition): projection is ReactorProjection =>
  (projection as Partial<ReactorProjection>).reactor !== undefined;

/**
 * Defines a reactor: events in, commands out. Each step is a small Reaction named after what it
 * does (`reserve-stock-when-order-placed`); the list is the reactor's part of the saga in one place.
 */
export function defineReactor(options: ReactorOptions): ReactorProjection {
  if (!UUID.test(options.commandIdNamespace)) throw new ProjectionDefinitionError(`Reactor '${options.name}': commandIdNamespace must be a uuid`);
  const registry = new EventRegistry(options.events);
  const steps = new Map<string, ReactionStep<Reaction>[]>();
  const names = new Set<string>();
  const named = (name: string): void => {
    if (!STEP_NAME.test(name)) throw new ProjectionDefinitionError(`Reactor '${options.name}': step name '${name}' must be kebab-case`);
    if (names.has(name)) throw new ProjectionDefinitionError(`Reactor '${options.name}': step '${name}' is defined twice`);
    names.add(name);
  };
  for (const step of options.reactions) {
    named(step.name);
    for (const type of typeof step.on === 'string' ? [step.on] : step.on) {
      if (!registry.has(type)) throw new ProjectionDefinitionError(`Reactor '${options.name}': '${type}' is not among its events`);
      steps.set(type, [...(steps.get(type) ?? []), step]);
    }
  }
  const timers = new Map<string, TimerStep<TimerReaction>>();
  for (const timer of options.timers ?? []) {
    named(timer.name);
    timers.set(timer.kind, timer);
  }
  const projection = defineProjection(
    { name: options.name, handles: [...steps.keys()], partitions: options.partitions, holdKey: options.holdKey },
    {
      // A reactor has no read model; the runtime runs its batches outside of the projection path.
      setup: async () => undefined,
      apply: async () => {
        throw new ProjectionDefinitionError(`Reactor '${options.name}' is not applied as a projection`);
      },
    },
  );
  return { ...projection, reactor: { name: options.name, namespace: options.commandIdNamespace, registry, steps, timers } };
}

/** Reads an event as the reactor's registry does: the current shape of its type, validated (a poison event throws). */
export function decodeForReactor(reactor: ReactorDefinition, event: RecordedEvent): DomainEvent {
  return reactor.registry.upcast(event.type, event.schemaVersion, event.data);
}
