import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { rejectedOrder, sagaEvent } from '../testing/saga-events';
import { SwimlaneDiagram } from './swimlane-diagram';

const renderDiagram = () =>
  render(
    <MemoryRouter>
      <SwimlaneDiagram events={rejectedOrder} label="Saga c-1" />
    </MemoryRouter>,
  );

describe('SwimlaneDiagram', () => {
  it('draws a lane per context and a box per event, each a link to the event', () => {
    renderDiagram();
    const lanes = screen.getAllByTestId('saga-lane').map((lane) => lane.textContent);
    expect(lanes).toEqual(['order', 'warehouse']);
    const nodes = screen.getAllByTestId('saga-node');
    expect(nodes.map((node) => node.querySelector('.node__type')?.textContent)).toEqual(['OrderPlaced', 'StockReservationRejected', 'OrderRejected']);
    expect(nodes[1].getAttribute('href')).toBe('/streams/warehouse-main?revision=0');
  });

  it('draws an arrow per cause and the time between the steps', () => {
    const { container } = renderDiagram();
    const edges = screen.getAllByTestId('saga-edge');
    expect(edges).toHaveLength(2);
    for (const edge of edges) expect(edge.querySelector('path')?.getAttribute('marker-end')).toBe('url(#arrow)');
    expect([...container.querySelectorAll('.step-time')].map((t) => t.textContent)).toEqual(['+120 ms', '+1.5 s']);
  });

  it('labels an arrow with its own time when its effect is not the next step', () => {
    const late = sagaEvent('e4', 'StockReleased', 'warehouse-main', 400, 61_620, 'e1');
    render(
      <MemoryRouter>
        <SwimlaneDiagram events={[...rejectedOrder, late]} label="Saga c-1" />
      </MemoryRouter>,
    );
    expect(screen.getAllByTestId('saga-edge').map((edge) => edge.textContent)).toEqual(['', '', '+1 min 2 s']);
  });

  it('marks the rejection as bad and says what it shows to a screen reader', () => {
    renderDiagram();
    expect(screen.getAllByTestId('saga-node')[2].getAttribute('class')).toContain('node--bad');
    expect(screen.getByRole('img', { name: 'Saga c-1: 3 events in 2 contexts' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Saga c-1 as a diagram' }).tabIndex).toBe(0);
  });
});
