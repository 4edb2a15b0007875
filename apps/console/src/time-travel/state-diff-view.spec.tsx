import { render, screen } from '@testing-library/react';
import { StateDiffView } from './state-diff-view';

describe('StateDiffView', () => {
  it('shows a row per change with its kind, before and after', () => {
    render(<StateDiffView before={{ status: 'PENDING', reason: null }} after={{ status: 'REJECTED', reason: 'STOCK_INSUFFICIENT' }} />);
    const table = screen.getByRole('table', { name: 'What the event changed' });
    const rows = [...table.querySelectorAll('tbody tr')].map((row) => [...row.children].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['status', 'changed', '"PENDING"', '"REJECTED"'],
      ['reason', 'changed', 'null', '"STOCK_INSUFFICIENT"'],
    ]);
  });

  it('says so when nothing changed', () => {
    render(<StateDiffView before={{ a: 1 }} after={{ a: 1 }} />);
    expect(screen.getByText('This event changed nothing in the state.')).toBeTruthy();
  });
});
