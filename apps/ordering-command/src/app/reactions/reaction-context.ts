import type { RecordedEvent } from '@chronicle/event-store';
import type { HandleOptions } from '@chronicle/event-sourcing';
import { v5 as uuidv5 } from 'uuid';

const REACTION_COMMANDS = '9a4c2f1e-5b7d-4e3a-8c6f-0d1e2b3a4c5d';

/**
 * The id of the command a reaction sends for an event: the same event delivered again yields
 * the same command id, which the repository recognises and does not handle twice.
 */
export const reactionCommandId = (event: RecordedEvent, reaction: string): string => uuidv5(`${event.eventId}/${reaction}`, REACTION_COMMANDS);

/** Keeps the saga on the correlation id of the event it reacts to, caused by that event. */
export const reactionHandleOptions = (event: RecordedEvent): HandleOptions => ({
  ...(event.correlationId ? { correlationId: event.correlationId } : {}),
  causationId: event.eventId,
});
