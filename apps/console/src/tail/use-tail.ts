import { useEffect, useRef, useState } from 'react';
import { followFeed } from '../api/event-feed';
import type { Category, FeedEvent } from '../api/types';

const KEEP = 500;

export interface Tail {
  events: FeedEvent[];
  /** Arrived while paused, shown on resume. */
  held: number;
  status: string;
}

const maxPosition = (categories: readonly Category[]): string =>
  categories.reduce((max, c) => (BigInt(c.lastPosition) > BigInt(max) ? c.lastPosition : max), '0');

/**
 * The live feed from now on over SSE (GET /events): one category's, resuming after its last
 * position, or every category's on one connection, after the newest category's last position.
 */
export function useTail(categories: readonly Category[], everything: boolean, paused: boolean): Tail {
  const [events, setEvents] = useState<FeedEvent[]>([]);
  const [status, setStatus] = useState('connecting');
  const held = useRef<FeedEvent[]>([]);
  const [heldCount, setHeldCount] = useState(0);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  const key = `${everything ? '*' : ''}${categories.map((c) => c.category).join(',')}`;

  useEffect(() => {
    setEvents([]);
    held.current = [];
    setHeldCount(0);
    const onStatus = (state: 'open' | 'reconnecting', detail?: string) => setStatus(state === 'open' ? 'live' : `reconnecting${detail ? ` (${detail})` : ''}`);
    const onEvent = (event: FeedEvent) => {
      held.current.push(event);
      if (pausedRef.current) setHeldCount(held.current.length);
      else flush();
    };
    const stops = everything
      ? [followFeed({ after: maxPosition(categories), onStatus, onEvent })]
      : categories.map((category) => followFeed({ category: category.category, after: category.lastPosition, onStatus, onEvent }));
    const flush = () => {
      const arrived = held.current;
      held.current = [];
      setHeldCount(0);
      setEvents((shown) => [...arrived.reverse(), ...shown].slice(0, KEEP));
    };
    return () => stops.forEach((stop) => stop());
    // The categories' identity is their names; their positions only matter when the feed starts.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  useEffect(() => {
    if (paused || held.current.length === 0) return;
    const arrived = held.current;
    held.current = [];
    setHeldCount(0);
    setEvents((shown) => [...arrived.reverse(), ...shown].slice(0, KEEP));
  }, [paused]);

  return { events, held: heldCount, status };
}
