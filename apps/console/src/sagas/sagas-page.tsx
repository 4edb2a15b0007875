import { SagaSearch } from './saga-search';
import { StuckSagas } from './stuck-sagas';

/** /console/sagas: find one, or see the ones that are stuck. */
export function SagasPage() {
  return (
    <>
      <h1>Sagas</h1>
      <section className="card" aria-label="Find a saga">
        <SagaSearch />
      </section>
      <StuckSagas />
    </>
  );
}
