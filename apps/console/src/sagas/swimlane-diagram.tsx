import { Link } from 'react-router';
import type { SagaEvent } from '../api/types';
import { links } from '../streams/links';
import { categoryOf, formatDuration, shortId } from '../ui/format';
import { LAYOUT, layoutSwimlanes, type SwimlaneEdge } from './swimlane-layout';

/** Lanes reach past the last event, so they fill the panel when the saga is narrower than it. */
const LANE_OVERHANG = 2_000;

const TONE: Record<string, string> = { OrderRejected: 'bad', StockReservationRejected: 'bad', OrderExpired: 'bad', OrderConfirmed: 'ok', StockReserved: 'ok' };

function Arrow({ edge }: { edge: SwimlaneEdge }) {
  const { from, to } = edge;
  const x1 = from.x + LAYOUT.nodeWidth;
  const y1 = from.y + LAYOUT.nodeHeight / 2;
  const x2 = to.x;
  const y2 = to.y + LAYOUT.nodeHeight / 2;
  const bend = Math.max(24, (x2 - x1) / 2);
  return (
    <g className="edge" data-testid="saga-edge">
      <path d={`M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2 - 2} ${y2}`} markerEnd="url(#arrow)" />
      {!edge.adjacent && (
        <text x={(x1 + x2) / 2} y={(y1 + y2) / 2 - 6} textAnchor="middle" className="edge__label">
          +{formatDuration(edge.gapMs)}
        </text>
      )}
    </g>
  );
}

/** The saga as a picture: a lane per context, a box per event, an arrow from each cause to its effect with the time it took. */
export function SwimlaneDiagram({ events, label }: { events: readonly SagaEvent[]; label: string }) {
  const layout = layoutSwimlanes(events);
  return (
    // Wide sagas scroll sideways; the region is focusable so the keyboard can scroll it.
    <div className="swimlanes" tabIndex={0} role="region" aria-label={`${label} as a diagram`}>
      <svg width={layout.width} height={layout.height} viewBox={`0 0 ${layout.width} ${layout.height}`} preserveAspectRatio="xMinYMin meet" role="img" aria-label={`${label}: ${events.length} events in ${layout.lanes.length} contexts`}>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" className="edge__head" />
          </marker>
        </defs>
        {layout.lanes.map((lane, index) => (
          <g key={lane} className="lane" data-testid="saga-lane">
            <rect x={0} y={LAYOUT.top + index * LAYOUT.laneHeight} width={layout.width + LANE_OVERHANG} height={LAYOUT.laneHeight} className={index % 2 ? 'lane__bg lane__bg--odd' : 'lane__bg'} />
            <text x={12} y={LAYOUT.top + index * LAYOUT.laneHeight + LAYOUT.laneHeight / 2 + 5} className="lane__label">
              {lane}
            </text>
          </g>
        ))}
        {layout.nodes.map((node) =>
          node.sincePreviousMs === null ? null : (
            <text key={`t${node.column}`} x={node.x - (LAYOUT.column - LAYOUT.nodeWidth) / 2} y={18} textAnchor="middle" className="step-time">
              +{formatDuration(node.sincePreviousMs)}
            </text>
          ),
        )}
        {layout.edges.map((edge) => (
          <Arrow key={`${edge.from.event.eventId}>${edge.to.event.eventId}`} edge={edge} />
        ))}
        {layout.nodes.map((node) => (
          <Link key={node.event.eventId} to={links.stream(node.event.streamId, node.event.revision)} className={`node node--${TONE[node.event.type] ?? 'neutral'}`} data-testid="saga-node">
            <title>{`${node.event.type} in ${node.event.streamId} at revision ${node.event.revision}`}</title>
            <rect x={node.x} y={node.y} width={LAYOUT.nodeWidth} height={LAYOUT.nodeHeight} rx={8} />
            <text x={node.x + 10} y={node.y + 20} className="node__type">
              {node.event.type}
            </text>
            <text x={node.x + 10} y={node.y + 37} className="node__stream">
              {shortId(node.event.streamId.slice(categoryOf(node.event.streamId).length + 1) || node.event.streamId)} #{node.event.revision}
            </text>
          </Link>
        ))}
      </svg>
    </div>
  );
}
