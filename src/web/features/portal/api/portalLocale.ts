// The signed-in client's own choice of language, saved on their account (PUT /api/portal/me/locale,
// audited by the server), so mail, SMS and the next sign-in on any device speak it too.
import { portalApi } from '../../../api/client.js';
import type { Locale } from '../../../i18n/index.js';

export async function savePortalLocale(locale: Locale): Promise<void> {
  try {
    await portalApi.put('/api/portal/me/locale', { locale });
  } catch {
    // The device keeps the choice (the menu stored it); the account learns it at the next choice.
  }
}
