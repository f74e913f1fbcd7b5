// The provider's webhooks. Public (the provider has no session, and no CSRF token to send), but
// every request must carry a valid X-Twilio-Signature over the URL the provider was given:
// PUBLIC_URL + the path. Behind a proxy that rewrites the path or host, PUBLIC_URL must still be
// what the provider calls, or every webhook is refused (docs/sms.md).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { AppError, invalid } from '../../errors.js';
import { routesOf } from '../../http/route.js';
import { InboundMessageBody, StatusCallbackBody, TwilioSignatureHeaders } from './schemas.js';
import { SMS_INBOUND_PATH, SMS_STATUS_PATH } from './channel.js';
import type { SmsService } from './service.js';

const tags = ['sms'];
const FORM = 'application/x-www-form-urlencoded';

export function smsRoutes(app: FastifyInstance, ctx: AppContext, sms: SmsService) {
  // Encapsulated, so the form parser applies to these routes only.
  void app.register(async (scope) => {
    if (scope.hasContentTypeParser(FORM)) scope.removeContentTypeParser(FORM);
    scope.addContentTypeParser(FORM, { parseAs: 'string' }, (_req, body: string, done) => {
      const seen = new Map<string, string>();
      for (const [name, value] of new URLSearchParams(body)) {
        if (seen.has(name)) return done(invalid(name, 'is given more than once'));
        seen.set(name, value);
      }
      done(null, Object.fromEntries(seen));
    });

    const verify = async (req: FastifyRequest) => {
      const provider = sms.provider;
      if (!provider) throw new AppError('not_found', 404, 'SMS is not configured on this server');
      if (String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() !== FORM) {
        throw new AppError('unsupported_media_type', 415, `content-type: must be ${FORM}`, 'content-type');
      }
      const signature = req.headers['x-twilio-signature'];
      const params = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : undefined;
      const signed =
        params !== undefined &&
        Object.values(params).every((v) => typeof v === 'string') &&
        provider.verifySignature(`${ctx.config.publicUrl}${req.url}`, params as Record<string, string>, typeof signature === 'string' ? signature : undefined);
      if (!signed) {
        // Worth an operator's eye: a forgery, or PUBLIC_URL not matching what the provider calls.
        req.log.warn({ route: req.routeOptions.url, signature: typeof signature === 'string' ? 'wrong' : 'missing' }, 'SMS webhook refused: bad signature');
        throw new AppError('forbidden', 403, 'X-Twilio-Signature: missing or does not match', 'X-Twilio-Signature');
      }
    };

    const route = routesOf(scope, tags);
    /** Both webhooks: public, signed, form-encoded. */
    const webhook = { access: { public: true }, preValidation: verify, consumes: [FORM], headers: TwilioSignatureHeaders };
    route.post(SMS_STATUS_PATH, { ...webhook, summary: 'Delivery-status callback from the SMS provider (form-encoded, signed with X-Twilio-Signature); 204', body: StatusCallbackBody, status: 204 }, async (req) =>
      sms.status(req.body),
    );
    route.post(
      SMS_INBOUND_PATH,
      { ...webhook, summary: 'A text from a phone, forwarded by the SMS provider (signed): STOP/START for the practice that last texted it, C to confirm; answers TwiML', body: InboundMessageBody },
      async (req, reply) => {
        const xml = await sms.inbound(req.body, req.meta);
        return reply.header('content-type', 'text/xml; charset=utf-8').send(xml);
      },
    );
  });
}
