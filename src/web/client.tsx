// The client entry (client.html): what a client opens — a call's join link, a reminder's link,
// the public status page and the portal — and nothing of the staff app, so a client on a weak
// cell signal downloads a small shell and the one page they asked for (every page loads on first
// render, ./app/portal/routes.tsx). The declarative router (BrowserRouter + useRoutes), not the
// data router the staff app uses: nothing here needs loaders, and it is 17 kB compressed lighter. The server sends this entry for the client paths
// (src/shared/client-paths.ts) and the staff entry (./main.tsx) for the rest; a link from here to
// a staff path is a full page load, so the server can answer it with the staff entry.
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, useLocation, useRoutes } from 'react-router';
import { isClientPath } from '../shared/client-paths.js';
import { clientRoutes } from './app/portal/routes.js';
import { I18nProvider } from './i18n/index.js';
import { createQueryClient } from './lib/query.js';
import { preloadDialogs } from './components/LazyDialog.js';
import { registerServiceWorker } from './sw-register.js';
import './styles.css';

/** A path outside the client entry: load it from the server (the staff entry answers it). */
function ElsewhereOnServer() {
  const { pathname, search, hash } = useLocation();
  const staff = !isClientPath(pathname);
  useEffect(() => {
    if (staff) window.location.assign(pathname + search + hash);
  }, [staff, pathname, search, hash]);
  // An unknown client path (/join/x): the portal's front door, not a reload loop.
  return staff ? null : <Navigate to="/portal" replace />;
}

const routes = [...clientRoutes, { path: '*', element: <ElsewhereOnServer /> }];
function ClientRoutes() {
  return useRoutes(routes);
}

// The public pages' queries (a reminder's link, the status page); the portal has its own cache.
const publicQueries = createQueryClient();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <QueryClientProvider client={publicQueries}>
        <BrowserRouter>
          <ClientRoutes />
        </BrowserRouter>
      </QueryClientProvider>
    </I18nProvider>
  </StrictMode>,
);

registerServiceWorker();
preloadDialogs();
