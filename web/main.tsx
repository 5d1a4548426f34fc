import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './global.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { ApiError, setUnauthenticatedHandler } from './api/client.js';
import { keys } from './api/queries.js';
import { createAppRouter, isPublicPath } from './app.js';
import { theme } from './theme.js';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will answer the same again; only a dropped connection or a 5xx is worth one retry.
      retry: (count, err) => count < 1 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
    },
  },
});

const router = createAppRouter();

setUnauthenticatedHandler(() => {
  const { pathname, search } = window.location;
  if (isPublicPath(pathname)) return;
  const next = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + search)}`;
  // Someone who was using the app should learn why they are on the sign-in page; a first visit needs no notice.
  const wasSignedIn = queryClient.getQueryData(keys.me) !== undefined;
  const state = wasSignedIn ? { notice: 'Your session has ended. Sign in again to continue.' } : null;
  void router.navigate(`/sign-in${next}`, { replace: true, state }).then(() => queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'setup' }));
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="bottom-right" limit={4} />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
