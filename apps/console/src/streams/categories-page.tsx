import { useSearchParams } from 'react-router';
import { Link } from 'react-router';
import { useCategories } from '../api/queries';
import { formatNumber } from '../ui/format';
import { Loading, Problem } from '../ui/problem';
import { CategoryStreams } from './category-streams';
import { links } from './links';

/** /console/streams: categories, and the streams of the one chosen (?category=). */
export function CategoriesPage() {
  const [params] = useSearchParams();
  const chosen = params.get('category');
  const { data, error, isPending } = useCategories();
  return (
    <>
      <h1>Streams</h1>
      <div className="split">
        <section aria-labelledby="categories-title" className="card split__side">
          <h2 id="categories-title">Categories</h2>
          {isPending && <Loading what="categories" />}
          <Problem error={error} what="Categories" />
          <ul className="list" aria-label="Categories">
            {data?.map((category) => (
              <li key={category.category}>
                <Link to={links.streams(category.category)} aria-current={chosen === category.category ? 'page' : undefined} className="list__item">
                  <span className="list__title">{category.category}</span>
                  <span className="muted">
                    {formatNumber(category.streams)} streams · {formatNumber(category.events)} events
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="streams-title" className="card split__main">
          {chosen ? <CategoryStreams category={chosen} /> : <p className="muted">Choose a category to see its streams, most recently written first.</p>}
        </section>
      </div>
    </>
  );
}
