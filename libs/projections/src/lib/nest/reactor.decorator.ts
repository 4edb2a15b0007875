import { Injectable } from '@nestjs/common';
import type { Reaction, ReactionStep, ReactorOptions, TimerReaction, TimerStep } from '../reactor/reactor-types';

export const REACTOR_METADATA = 'chronicle:reactor';

/** What a @Reactor class lists: its steps, as the instances Nest injected. */
export interface ReactorSteps {
  reactions: readonly ReactionStep<Reaction>[];
  timers?: readonly TimerStep<TimerReaction>[];
}

/** A @Reactor class: it injects its step handlers and returns them from steps() (the saga's part in one place). */
export interface ReactorClass {
  steps(): ReactorSteps;
}

/**
 * Marks a provider as a reactor (events in, commands out, durable timers). List it among the
 * module's providers with its steps; the runtime finds it on application bootstrap.
 */
export function Reactor(options: Omit<ReactorOptions, 'reactions' | 'timers'>): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(REACTOR_METADATA, options, target);
    Injectable()(target);
  };
}
