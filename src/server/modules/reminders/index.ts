// The reminders module's public face: each practice's reminder rules, the ledger of reminders due
// (built from appointment events), the dispatcher that sends them, the public reminder links and
// the hooks the SMS module calls (delivery status, "C" to confirm).
import { reminderWorkers } from './workers.js';
import { defineModule } from '../contract.js';
import { ReminderDispatcher } from './dispatcher.js';
import { ReminderLedger } from './ledger.js';
import { ReminderService } from './service.js';
import { ReminderSettingsService } from './settings.js';

export { ReminderDispatcher, type DispatcherDeps, type DispatcherOptions } from './dispatcher.js';
export { LEDGER_CONSUMER, ReminderLedger } from './ledger.js';
export { ReminderService } from './service.js';
export { DEFAULT_RULES, ReminderSettingsService, type PracticeReminderPolicy } from './settings.js';
export { JOIN_OPENS } from './text.js';

export interface Reminders {
  settings: ReminderSettingsService;
  /** The staff view, the public links, and the SmsHooks the SMS module calls. */
  service: ReminderService;
  ledger: ReminderLedger;
  /** Started on ready when DISPATCHER=inline; `npm run dispatcher` starts it in its own process. */
  dispatcher: ReminderDispatcher;
}

declare module '../contract.js' {
  interface ServiceRegistry { reminders: Reminders }
}

export const remindersModule = defineModule({
  name: 'reminders',
  needs: ['scheduling', 'clients', 'messages', 'smsChannel'],
  build: (ctx, { scheduling, clients, messages, smsChannel }): Reminders => {
    const senderName = (practiceId: string) => messages.senderName(practiceId);
    const settings = new ReminderSettingsService(ctx, (practiceId) => smsChannel.textsFrom(practiceId));
    const dispatcher = new ReminderDispatcher(ctx, { scheduling, clients, senderName, sms: smsChannel.channel });
    const ledger = new ReminderLedger(ctx, scheduling, clients, settings, () => {
      if (ctx.config.reminders.dispatcher === 'inline') dispatcher.kick();
    });
    return { settings, service: new ReminderService(ctx, scheduling, clients, senderName), ledger, dispatcher };
  },
  consumers: (reminders) => [reminders.ledger.consumer()],
  workers: (reminders) => reminderWorkers(reminders.dispatcher),
  routes: async (app, reminders) => (await import('./routes.js')).reminderRoutes(app, reminders.settings, reminders.service),
});
