import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { links } from '../streams/links';
import { Problem } from '../ui/problem';
import { findCorrelation } from './find-correlation';

/** Find a saga by the order it is about (or by its correlation id). */
export function SagaSearch() {
  const navigate = useNavigate();
  const [id, setId] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const search = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const correlationId = await findCorrelation(id);
      if (correlationId) navigate(links.saga(correlationId));
      else setError(new Error(`No order and no saga has the id ${id.trim()}`));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form role="search" onSubmit={search} className="inline-form">
      <label htmlFor="saga-search">Order id or correlation id</label>
      <input id="saga-search" required value={id} onChange={(e) => setId(e.target.value)} placeholder="0190…" spellCheck={false} />
      <button type="submit" className="primary" disabled={busy}>
        Find saga
      </button>
      <Problem error={error} />
    </form>
  );
}
