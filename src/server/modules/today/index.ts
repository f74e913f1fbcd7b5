// The today module's public face: a read model of the signed-in colleague's day, built from other
// modules' services (never their tables).
export { TodayService, type TodayDeps } from './service.js';
export { todayRoutes } from './routes.js';
