// Optional two-step sign-in for a portal account: an authenticator app, set up by scanning a QR
// code (or typing the key) and confirming one code. Other portal sessions end when it is turned on.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { TotpEnrolResponse, TotpVerifyRequest } from '../../../shared/api.js';
import type { PortalMe } from '../../../shared/portal.js';
import { ErrorSummary, Field, useFormErrors } from '../../components/forms.js';
import { portalApi } from './client.js';
import { portalKeys } from './session.js';

type Setup = ReturnType<typeof TotpEnrolResponse.parse>;

export function PortalSecurity({ me }: { me: PortalMe }) {
  const qc = useQueryClient();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const form = useFormErrors({ code: 'Code from the app' });

  const start = async () => {
    form.clear();
    setBusy(true);
    try {
      setSetup(await portalApi.post('/api/portal/mfa/totp', {}, TotpEnrolResponse));
    } catch (e) {
      form.fromApi(e);
    } finally {
      setBusy(false);
    }
  };

  const verify = async () => {
    const parsed = TotpVerifyRequest.safeParse({ code: code.replace(/\s+/g, '') });
    if (!parsed.success) return form.fromZod(parsed.error);
    form.clear();
    setBusy(true);
    try {
      await portalApi.post('/api/portal/mfa/totp/verify', parsed.data);
      setSetup(null);
      setCode('');
      setDone(true);
      await qc.invalidateQueries({ queryKey: portalKeys.me });
    } catch (e) {
      form.fromApi(e);
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  const on = me.account.mfa.totp;
  return (
    <section aria-labelledby="portal-security-h" className="card" data-testid="portal-security" data-totp={String(on)}>
      <h2 id="portal-security-h">Two-step sign-in</h2>
      <div role="status">{done ? <p className="notice">Two-step sign-in is on. You will be asked for a code from your app when you sign in.</p> : null}</div>
      {on ? (
        done ? null : <p>On: you sign in with your password and a code from your authenticator app.</p>
      ) : setup ? (
        <div data-testid="portal-totp-setup">
          <ol>
            <li>Scan this QR code with your authenticator app.</li>
            <li>Or enter the key by hand.</li>
            <li>Type the 6-digit code the app shows.</li>
          </ol>
          <img src={setup.qrDataUrl} alt="QR code to add the Hearth portal to your authenticator app" width={200} height={200} className="qr" />
          <p>
            Key for manual entry:{' '}
            <code className="secret" data-testid="portal-totp-secret">
              {setup.secret}
            </code>
          </p>
          <Form
            className="form"
            aria-label="Confirm the authenticator app"
            onSubmit={(e) => {
              e.preventDefault();
              void verify();
            }}
          >
            <ErrorSummary form={form} />
            <Field name="code" label="Code from the app" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={setCode} form={form} testId="portal-totp-code" isRequired />
            <div className="actions">
              <Button type="submit" className="btn primary" isDisabled={busy} data-testid="portal-totp-verify">
                Turn on
              </Button>
              <Button className="btn" onPress={() => setSetup(null)}>
                Cancel
              </Button>
            </div>
          </Form>
        </div>
      ) : (
        <>
          <p>Optional. Add a code from an authenticator app to your password, so that your password alone cannot open your portal.</p>
          <ErrorSummary form={form} />
          <Button className="btn" onPress={() => void start()} isDisabled={busy} data-testid="portal-totp-start">
            Set up authenticator app
          </Button>
        </>
      )}
    </section>
  );
}
