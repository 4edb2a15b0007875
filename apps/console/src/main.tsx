import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { isApiError } from './api/api-error';
import { createRouter } from './app/router';
import { SessionProvider } from './auth/session-context';
import './styles.css';

const queries = new QueryClient({
  defaultOptions: {
    // A 4xx will not change by asking again; a 503 (a service restarting) may.
    queries: { retry: (count, error) => count < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500), refetchOnWindowFocus: false },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <SessionProvider>
        <RouterProvider router={createRouter()} />
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
);
