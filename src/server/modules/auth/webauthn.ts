// Security keys (WebAuthn) of staff accounts: signing in with one as the second factor, and
// registering or removing one. Challenges are kept on the session, single-use, five minutes.
import { randomUUID } from 'node:crypto';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { AppContext, RequestMeta } from '../../context.js';
import { AppError } from '../../errors.js';
import type { Credentials } from './factors.js';
import { requireHolder } from './holders.js';
import * as repo from './repo.js';
import { issueRecoveryCodes } from './second-factor.js';
import type { ResolvedSession, SessionService } from './sessions.js';
import type { Throttle } from './throttle.js';

// The WebAuthn library (and the ASN.1/COSE code under it) is loaded on the first security-key
// ceremony, not at start-up.
const importWebauthn = () => import('@simplewebauthn/server');
let webauthnLib: ReturnType<typeof importWebauthn> | undefined;
const webauthn = () => (webauthnLib ??= importWebauthn());

const CHALLENGE_TTL_MS = 5 * 60 * 1000;

export class SecurityKeys {
  constructor(
    private readonly ctx: AppContext,
    private readonly sessions: SessionService,
    private readonly throttle: Throttle,
    private readonly credentials: Credentials,
  ) {}

  private async storeChallenge(sessionId: string, challenge: string) {
    await repo.updateSession(this.ctx.db, 'sessions', sessionId, { challenge, challenge_expires_at: this.ctx.clock.now() + CHALLENGE_TTL_MS });
  }

  /** Challenges are single-use: taking one clears it. */
  private async takeChallenge(sessionId: string): Promise<string | null> {
    const s = await repo.findSession(this.ctx.db, 'sessions', sessionId);
    await repo.updateSession(this.ctx.db, 'sessions', sessionId, { challenge: null, challenge_expires_at: null });
    if (!s?.challenge || !s.challenge_expires_at || s.challenge_expires_at < this.ctx.clock.now()) return null;
    return s.challenge;
  }

  async loginOptions(pending: ResolvedSession) {
    const creds = await repo.webauthnCredentialsOf(this.ctx.db, pending.user.id);
    if (!creds.length) throw new AppError('mfa_not_enabled', 409, 'No security key is registered for this account');
    const options = await (await webauthn()).generateAuthenticationOptions({
      rpID: this.ctx.config.webauthn.rpId,
      allowCredentials: creds.map((c) => ({ id: c.credential_id, transports: JSON.parse(c.transports) })),
      userVerification: 'preferred',
    });
    await this.storeChallenge(pending.session.id, options.challenge);
    return options;
  }

  /** Whether the key's answer to the stored challenge is good (its counter is moved on when it is). */
  async verifyLogin(pending: ResolvedSession, response: Record<string, unknown>): Promise<boolean> {
    const key = `mfa:${pending.user.id}`;
    await this.throttle.take([this.throttle.account(key)]);
    const challenge = await this.takeChallenge(pending.session.id);
    const body = response as unknown as AuthenticationResponseJSON;
    const cred = (await repo.webauthnCredentialsOf(this.ctx.db, pending.user.id)).find((c) => c.credential_id === body.id);
    if (!challenge || !cred) return false;
    try {
      const result = await (await webauthn()).verifyAuthenticationResponse({
        response: body,
        expectedChallenge: challenge,
        expectedOrigin: this.ctx.config.webauthn.origin,
        expectedRPID: this.ctx.config.webauthn.rpId,
        // A security key is the second factor on top of the password: presence is required,
        // a PIN on the key is welcome ('preferred') but not demanded.
        requireUserVerification: false,
        credential: {
          id: cred.credential_id,
          publicKey: Buffer.from(cred.public_key, 'base64url'),
          counter: cred.counter,
          transports: JSON.parse(cred.transports),
        },
      });
      if (!result.verified) return false;
      await repo.updateWebauthnCredential(this.ctx.db, cred.id, { counter: result.authenticationInfo.newCounter, last_used_at: this.ctx.clock.now() });
      await this.throttle.succeeded([key]);
      return true;
    } catch {
      return false;
    }
  }

  async registerOptions(s: ResolvedSession) {
    const user = await requireHolder(this.ctx.db, 'staff', s.user.id);
    const creds = await repo.webauthnCredentialsOf(this.ctx.db, user.id);
    const row = (await repo.findUserById(this.ctx.db, user.id))!;
    const name = await this.ctx.crypto.decrypt({ table: 'users', column: 'name_enc', rowId: user.id }, row.name_enc);
    const options = await (await webauthn()).generateRegistrationOptions({
      rpName: this.ctx.config.webauthn.rpName,
      rpID: this.ctx.config.webauthn.rpId,
      userID: new TextEncoder().encode(user.id),
      userName: `hearth-${user.id.slice(0, 8)}`,
      userDisplayName: name,
      attestationType: 'none',
      excludeCredentials: creds.map((c) => ({ id: c.credential_id, transports: JSON.parse(c.transports) })),
      authenticatorSelection: { residentKey: 'discouraged', userVerification: 'preferred' },
    });
    await this.storeChallenge(s.session.id, options.challenge);
    return options;
  }

  async register(s: ResolvedSession, name: string, response: Record<string, unknown>, meta: RequestMeta): Promise<{ id: string; recoveryCodes: string[] | null }> {
    const user = await requireHolder(this.ctx.db, 'staff', s.user.id);
    const challenge = await this.takeChallenge(s.session.id);
    if (!challenge) throw new AppError('mfa_invalid', 400, 'The registration expired; start again', 'response');
    let info;
    try {
      const result = await (await webauthn()).verifyRegistrationResponse({
        response: response as unknown as RegistrationResponseJSON,
        expectedChallenge: challenge,
        expectedOrigin: this.ctx.config.webauthn.origin,
        expectedRPID: this.ctx.config.webauthn.rpId,
        requireUserVerification: false,
      });
      if (!result.verified) throw new Error('not verified');
      info = result.registrationInfo;
    } catch {
      throw new AppError('mfa_invalid', 400, 'The security key response was not accepted', 'response');
    }
    const id = randomUUID();
    const firstFactor = !user.totp_secret_enc && !(await repo.webauthnCredentialsOf(this.ctx.db, user.id)).length;
    return this.ctx.db.transaction().execute(async (tx) => {
      await repo.insertWebauthnCredential(tx, {
        id,
        user_id: user.id,
        credential_id: info.credential.id,
        public_key: Buffer.from(info.credential.publicKey).toString('base64url'),
        counter: info.credential.counter,
        transports: JSON.stringify(info.credential.transports ?? []),
        name_enc: await this.ctx.crypto.encrypt(user.keyScope, { table: 'webauthn_credentials', column: 'name_enc', rowId: id }, name, tx),
        created_at: this.ctx.clock.now(),
        last_used_at: null,
      });
      const codes = firstFactor ? await issueRecoveryCodes(tx, user.id) : null;
      await this.sessions.revoke(tx, { userId: user.id, exceptId: s.session.id }, 'mfa_changed');
      await this.ctx.audit.record(
        this.credentials.event(user, meta, { action: 'mfa_enrolled', resource: { type: 'webauthn_credential', id }, outcome: 'success', details: { factor: 'webauthn' } }),
        tx,
      );
      return { id, recoveryCodes: codes };
    });
  }

  /** Removes a key; the last factor goes only where a single factor is allowed (assertMayGoSingleFactor). */
  async remove(s: ResolvedSession, credentialId: string, meta: RequestMeta, assertMayGoSingleFactor: (h: { password_single_factor_ok: number }) => void): Promise<void> {
    const user = await requireHolder(this.ctx.db, 'staff', s.user.id);
    const creds = await repo.webauthnCredentialsOf(this.ctx.db, user.id);
    const cred = creds.find((c) => c.id === credentialId);
    if (!cred) throw new AppError('not_found', 404, 'Security key not found');
    const last = creds.length === 1 && !user.totp_secret_enc;
    if (last) assertMayGoSingleFactor(user);
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.deleteWebauthnCredential(tx, cred.id);
      if (last) await repo.replaceRecoveryCodes(tx, user.id, []);
      await this.sessions.revoke(tx, { userId: user.id, exceptId: s.session.id }, 'mfa_changed');
      await this.ctx.audit.record(
        this.credentials.event(user, meta, { action: 'mfa_removed', resource: { type: 'webauthn_credential', id: cred.id }, outcome: 'success', details: { factor: 'webauthn' } }),
        tx,
      );
    });
  }
}
