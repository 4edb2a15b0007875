import type { SagaEvent } from '../api/types';
import { categoryOf } from '../ui/format';

export const LAYOUT = { laneLabel: 130, laneHeight: 84, column: 250, nodeWidth: 190, nodeHeight: 48, top: 28 } as const;

export interface SwimlaneNode {
  event: SagaEvent;
  lane: number;
  column: number;
  x: number;
  y: number;
  /** Since the previous step of the saga (null for the first). */
  sincePreviousMs: number | null;
}

export interface SwimlaneEdge {
  from: SwimlaneNode;
  to: SwimlaneNode;
  /** Time from the cause to its effect. */
  gapMs: number;
  /** The effect is the very next step: the step time above the lanes already says the gap. */
  adjacent: boolean;
}

export interface SwimlaneLayout {
  lanes: string[];
  nodes: SwimlaneNode[];
  edges: SwimlaneEdge[];
  width: number;
  height: number;
}

/**
 * A saga as swimlanes: one lane per context (the category of the event's stream, in order of first
 * appearance), one column per event in position order, and an edge from each cause to its effect
 * (causationId = the cause's event id; a causation id that is no event of the saga, such as the
 * command that started it, has no edge).
 */
export function layoutSwimlanes(events: readonly SagaEvent[]): SwimlaneLayout {
  const ordered = [...events].sort((a, b) => (BigInt(a.position) < BigInt(b.position) ? -1 : BigInt(a.position) > BigInt(b.position) ? 1 : 0));
  const lanes: string[] = [];
  for (const event of ordered) if (!lanes.includes(categoryOf(event.streamId))) lanes.push(categoryOf(event.streamId));
  const nodes = ordered.map((event, column): SwimlaneNode => {
    const lane = lanes.indexOf(categoryOf(event.streamId));
    const previous = ordered[column - 1];
    return {
      event,
      lane,
      column,
      x: LAYOUT.laneLabel + column * LAYOUT.column + (LAYOUT.column - LAYOUT.nodeWidth) / 2,
      y: LAYOUT.top + lane * LAYOUT.laneHeight + (LAYOUT.laneHeight - LAYOUT.nodeHeight) / 2,
      sincePreviousMs: previous ? Date.parse(event.recordedAt) - Date.parse(previous.recordedAt) : null,
    };
  });
  const byId = new Map(nodes.map((node) => [node.event.eventId, node]));
  const edges = nodes.flatMap((to): SwimlaneEdge[] => {
    const from = to.event.causationId ? byId.get(to.event.causationId) : undefined;
    return from ? [{ from, to, gapMs: Date.parse(to.event.recordedAt) - Date.parse(from.event.recordedAt), adjacent: to.column === from.column + 1 }] : [];
  });
  return {
    lanes,
    nodes,
    edges,
    width: LAYOUT.laneLabel + Math.max(1, nodes.length) * LAYOUT.column,
    height: LAYOUT.top + Math.max(1, lanes.length) * LAYOUT.laneHeight,
  };
}
