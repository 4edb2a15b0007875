import type { RecordedEvent } from '@chronicle/event-store';
import type { HandleOptions } from '@chronicle/event-sourcing';
import { v5 as uuidv5 } from 'uuid';

/** Fixed namespace of the inventory reactions' command ids. Never change it: ids are stored. */
const REACTION_COMMANDS = '3b0f8e52-94c1-4f7e-8d2a-5c6e1a7b9d40';

/**
 * The command id of a reaction to an event: the same event always yields the same command, so a
 * redelivered event hits the repository's command-id deduplication and writes nothing.
 */
export const reactionCommandId = (source: RecordedEvent, reaction: string): string => uuidv5(`${source.eventId}/${reaction}`, REACTION_COMMANDS);

/** Continues the saga's timeline: same correlation id, caused by the event reacted to. */
export const causedBy = (source: RecordedEvent): HandleOptions => ({
  ...(source.correlationId ? { correlationId: source.correlationId } : {}),
  causationId: source.eventId,
});
