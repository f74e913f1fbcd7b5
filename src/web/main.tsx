// The staff entry (index.html): the staff app's router. The client paths (the portal, a call's
// join link, a reminder's link, the status page) have their own, light entry (./client.tsx,
// client.html), which the server sends for them; they are routed here as well, each page loaded on
// first visit, for `vite dev` (one HTML page for every path) and a client link followed from here.
import './zod-config.js';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { clientRoutes } from './app/portal/routes.js';
import { staffRoutes } from './app/staff/routes.js';
import { I18nProvider } from './i18n/index.js';
import { queryClient, setNavigator } from './session/staff.js';
import { registerServiceWorker } from './sw-register.js';
import './styles.css';

const router = createBrowserRouter([...staffRoutes, ...clientRoutes]);

setNavigator((to, state) => router.navigate(to, { replace: true, state }));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </I18nProvider>
  </StrictMode>,
);

registerServiceWorker();
