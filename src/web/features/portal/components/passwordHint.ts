// The portal's password rules in a sentence: a message, so the reset page and the security page
// show it in the page's language. Its own module: the sign-in pages (a first screen) need this
// sentence, never the security page's code (./PortalSecurity.tsx).
import { defineMessages } from 'react-intl';

const msg = defineMessages({
  passwordHint: {
    id: 'portal.security.password-hint',
    defaultMessage: 'At least 15 characters (a few unrelated words work well), or 8 once two-step sign-in is on. Avoid common passwords and your own name.',
  },
});

export const PORTAL_PASSWORD_HINT = msg.passwordHint;
