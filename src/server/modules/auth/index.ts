// The auth module's public face: staff sign-in, second factors, sessions and throttling. (The
// identity work of issue 15 folds this module and portal's sign-in into one identity module.)
import { defineModule } from '../contract.js';
import { AuthService } from './service.js';

export { AuthService, initialRole, type LoginOutcome } from './service.js';
export { describeLiveSessions, MFA_PENDING_SECONDS, type ListedSessionRow, type ResolvedSession, type ResolveResult } from './sessions.js';
export { Throttle, type ThrottleKey } from './throttle.js';
export { burnVerify, checkPassword, hashPassword, passwordColumns, verifyPassword, type PasswordVerdict } from './passwords.js';
export { passwordResetMail, RESET_TTL_MS } from './reset.js';
export { checkSecondFactor, issueRecoveryCodes, RECOVERY_CODE_COUNT, type FactorHolder } from './second-factor.js';
export { newTotpSecret, qrDataUrl, totpUri, verifyTotp } from './totp.js';

declare module '../contract.js' {
  interface ServiceRegistry { auth: AuthService }
}

export const authModule = defineModule({
  name: 'auth',
  needs: [],
  build: (ctx) => new AuthService(ctx),
  routeNeeds: ['practices'],
  routes: async (app, auth, { practices }, ctx) => (await import('./routes.js')).authRoutes(app, ctx, auth, practices),
});
