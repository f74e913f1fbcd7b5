// The provider's webhook bodies (Twilio's parameter names). Twilio sends many more parameters
// than these (AccountSid, ApiVersion, SmsSid, To, ...): they are kept, since the signature covers
// every one, and ignored.
import { z } from 'zod';

const MessageSid = z.string({ message: 'is required' }).regex(/^[A-Za-z0-9]{2,64}$/, { message: 'must be a message id (letters and digits)' });

export const StatusCallbackBody = z.looseObject({
  MessageSid,
  // queued, sending, sent, delivered, undelivered, failed, read, ... (new ones pass through to the hook)
  MessageStatus: z.string({ message: 'is required' }).regex(/^[a-z_]{1,32}$/, { message: 'must be a message status (e.g. delivered)' }),
  ErrorCode: z.string().regex(/^\d{0,10}$/, { message: 'must be a numeric error code' }).optional(),
});

export const InboundMessageBody = z.looseObject({
  MessageSid,
  From: z.string({ message: 'is required' }).min(1, { message: 'is required' }).max(40, { message: 'is not a valid phone number' }),
  To: z.string().max(40).optional(),
  // Empty for a picture with no text.
  Body: z.string({ message: 'is required' }).max(5000, { message: 'is too long' }),
});

export const TwilioSignatureHeaders = z.object({
  'x-twilio-signature': z.string().optional().meta({ description: "Twilio's request signature (required; checked against PUBLIC_URL + path)" }),
});
