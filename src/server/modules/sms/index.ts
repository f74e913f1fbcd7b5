// The SMS module's public face: the sending side (provider, STOP/START policy, sending number) that
// reminders, notifications and calls need, and the provider's webhooks (status callbacks, replies).
import { defineModule } from '../contract.js';
import { SMS_STATUS_PATH, SmsOutbound } from './channel.js';
import { SmsService } from './service.js';
import { TwilioSmsProvider } from './twilio.js';

export { SMS_INBOUND_PATH, SMS_STATUS_PATH, SmsOutbound, type SmsChannel } from './channel.js';
export { SmsService } from './service.js';
export { PermanentSmsError, TransientSmsError, type SmsHooks, type SmsMessage, type SmsPolicy, type SmsProvider, type SmsSent } from './provider.js';

declare module '../contract.js' {
  interface ServiceRegistry {
    /** Sending texts: undefined `channel` when SMS is off. */
    smsChannel: SmsOutbound;
    /** The provider's webhooks and the operator's sending numbers. */
    sms: SmsService;
  }
}

export const smsChannelModule = defineModule({
  name: 'smsChannel',
  needs: [],
  build: (ctx) => {
    const { config, deps, log } = ctx;
    const provider = deps.smsProvider ?? (config.sms ? new TwilioSmsProvider({ ...config.sms, statusCallbackUrl: `${config.publicUrl}${SMS_STATUS_PATH}` }) : undefined);
    if (config.sms) log.info({ smsApi: new URL(config.sms.apiBase).host }, 'SMS is on');
    else if (!deps.smsProvider) log.info('SMS is off: set SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM to send texts');
    return new SmsOutbound(ctx, provider, deps.sms);
  },
});

export const smsModule = defineModule({
  name: 'sms',
  // Delivery-status callbacks and "C" replies reach the reminders module through its hooks.
  needs: ['smsChannel', 'reminders', 'messages'],
  build: (ctx, { smsChannel, reminders, messages }) =>
    new SmsService(ctx, smsChannel, (practiceId) => messages.senderName(practiceId), ctx.deps.smsHooks ? ctx.deps.smsHooks(reminders.service) : reminders.service),
  routes: async (app, sms, _needs, ctx) => (await import('./routes.js')).smsRoutes(app, ctx, sms),
});
