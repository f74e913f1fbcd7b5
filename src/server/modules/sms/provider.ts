// SMS through a provider interface. The one implementation speaks Twilio's REST API (Messages
// resource, form-encoded, Basic auth) at a configurable base URL, so any Twilio-compatible service
// works; tests point it at a local endpoint that checks the request format. Texts carry no PHI
// unless the client consented to details (the caller decides the text; this layer never logs it).

export interface SmsMessage {
  /** E.164 (+15415550123). */
  to: string;
  body: string;
  /** The sending number (E.164): the practice's own; the configured SMS_FROM when absent. */
  from?: string;
  /**
   * Where the provider posts delivery-status callbacks for this message (signed; see
   * SmsProvider.verifySignature). Carries no PHI: the ledger row is found by the provider's id.
   */
  statusCallbackUrl?: string;
}

export interface SmsSent {
  /** The provider's id for the message (Twilio: the MessageSid, "SM…"). */
  providerId: string;
}

/** A failure worth retrying later (HTTP 429, 5xx, a network error). */
export class TransientSmsError extends Error {
  override readonly name = 'TransientSmsError';
  constructor(
    readonly code: string,
    /**
     * The request may have reached the provider before it failed (a timeout, a connection lost
     * after the request was written, an unreadable success answer). With a provider that is not
     * idempotent, retrying may send the text twice: treat the send as uncertain instead.
     */
    readonly maybeSent = false,
  ) {
    super(`SMS provider: temporary failure (${code})`);
  }
}

/** A failure that will not change by retrying (HTTP 4xx other than 429: bad number, blocked, unsubscribed). */
export class PermanentSmsError extends Error {
  override readonly name = 'PermanentSmsError';
  constructor(readonly code: string) {
    super(`SMS provider: refused (${code})`);
  }
}

export interface SmsProvider {
  send(msg: SmsMessage): Promise<SmsSent>;
  /**
   * Whether a webhook request really came from the provider: Twilio's X-Twilio-Signature, the
   * base64 HMAC-SHA1 under the auth token of the full URL followed by every POST parameter's name
   * and value, sorted by name.
   */
  verifySignature(url: string, params: Record<string, string>, signature: string | undefined): boolean;
  /**
   * Whether the provider keeps an idempotency key for sends, so a send that may or may not have
   * happened (a crash mid-request) can be repeated safely. Twilio's Messages API has none: false.
   */
  readonly idempotent: boolean;
}

/**
 * Per-practice SMS consent kept by the SMS module (STOP/START replies): a client's STOP to one
 * practice never silences another practice. Phones are E.164; the module stores them only as
 * blind-index hashes.
 */
export interface SmsPolicy {
  /** Whether this phone has replied STOP to this practice (and not START since). */
  optedOut(practiceId: string, phone: string): Promise<boolean>;
  /** Records that this practice just texted this phone, so a reply can be matched to the practice. */
  noteSent(practiceId: string, phone: string): Promise<void>;
  /**
   * A final delivery status that arrived before the send was recorded (the hooks found no message
   * with this id), handed over once; null when none came early.
   */
  takeEarlyStatus(providerId: string): Promise<{ status: string; errorCode: string | null } | null>;
  /** The practice's own sending number, if the operator gave it one (else texts go from SMS_FROM). */
  senderNumber(practiceId: string): Promise<string | undefined>;
}

/** What the SMS module calls when a signed webhook arrives; the reminders module registers these. */
export interface SmsHooks {
  /**
   * A delivery-status callback for a message this platform sent (Twilio MessageStatus, ErrorCode).
   * False when no sent message has this id (yet): the SMS module keeps a final status for later.
   */
  onStatus(providerId: string, status: string, errorCode: string | null): Promise<boolean>;
  /** A client replied "C" (confirm) to this practice: confirm their next reminded appointment. */
  onConfirmReply(practiceId: string, phone: string): Promise<'confirmed' | 'nothing_to_confirm'>;
}
