import { createBrowserRouter, Link } from 'react-router';
import { OverviewPage } from '../overview/overview-page';
import { SagaPage } from '../sagas/saga-page';
import { SagasPage } from '../sagas/sagas-page';
import { CategoriesPage } from '../streams/categories-page';
import { StreamPage } from '../streams/stream-page';
import { SubscriptionPage } from '../subscriptions/subscription-page';
import { SubscriptionsPage } from '../subscriptions/subscriptions-page';
import { TailPage } from '../tail/tail-page';
import { StatePage } from '../time-travel/state-page';
import { Shell } from './shell';

function NotFound() {
  return (
    <>
      <h1>Nothing here</h1>
      <p>
        This console has no such page. <Link to="/">Back to the overview</Link>
      </p>
    </>
  );
}

/** Every view has its own URL under /console (the gateway answers /console/* with index.html). */
export const createRouter = () =>
  createBrowserRouter(
    [
      {
        element: <Shell />,
        children: [
          { index: true, element: <OverviewPage /> },
          { path: 'streams', element: <CategoriesPage /> },
          { path: 'streams/:streamId', element: <StreamPage /> },
          { path: 'streams/:streamId/state', element: <StatePage /> },
          { path: 'subscriptions', element: <SubscriptionsPage /> },
          { path: 'subscriptions/:name', element: <SubscriptionPage /> },
          { path: 'sagas', element: <SagasPage /> },
          { path: 'sagas/:correlationId', element: <SagaPage /> },
          { path: 'tail', element: <TailPage /> },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
    { basename: '/console' },
  );
