// The billing reports feature's public face: the reports page (/billing/reports). Its chart library
// is big: the page loads on first visit, not with the app.
export const loadReportsPage = () => import('./components/ReportsPage.js').then((m) => ({ Component: m.ReportsPage }));
