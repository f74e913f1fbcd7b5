// The call page, for staff (/calls/:id) and clients (/portal/calls/:id, signed in or from a join
// link): the pre-join screen (./PreJoin), the call itself (./InCall: stage, side panel, control
// bar) and what follows it (./Outcome). The camera is open only before and during the call.
// The pre-join is a join link's first screen (the light client path, scripts/bundle-budget.ts): the
// call's own code (./InCall and its engine, most of this page) is fetched once the pre-join is up,
// while the person checks their camera, so Join seldom waits for it; when it does, it says so.
// Public contract: the page carries data-call-id and data-audience; the stage data-call-stage,
// each video tile data-peer ("self" or the peer id), the control bar data-call-controls.
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { useParams } from 'react-router';
import type { CallMode } from '../../../../shared/calls.js';
import { loadOnce } from '../../../lib/load-once.js';
import type { Audience } from '../model/callText.js';
import type { Outcome } from './InCall.js';
import { DevicePicker } from './MediaKit.js';
import { useDevicePreferences, useDevices, useLocalMedia } from '../model/media.js';
import { OutcomeScreen } from './Outcome.js';
import { PreJoin } from './PreJoin.js';
import './calls.css';

/** The call's own code, fetched once; a fetch that failed (the link dropped) is made again on the next ask. */
const loadInCall = loadOnce(() => import('./InCall.js'));

const InCall = lazy(async () => {
  for (let attempt = 0; ; attempt++) {
    try {
      return { default: (await loadInCall()).InCall };
    } catch (e) {
      if (attempt >= 4) throw e;
      await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
    }
  }
});

type Step = { kind: 'prejoin'; rejoining: boolean } | { kind: 'call'; attempt: number } | { kind: 'over'; outcome: Outcome };

export function CallPage({ audience }: { audience: Audience }) {
  const { id = '' } = useParams();
  const [step, setStep] = useState<Step>({ kind: 'prejoin', rejoining: false });
  const [attempts, setAttempts] = useState(0);
  const [mode, setMode] = useState<CallMode>('video');
  const [prefs, setPrefs] = useDevicePreferences();
  const media = useLocalMedia({ mode, cameraId: prefs.cameraId, microphoneId: prefs.microphoneId, enabled: step.kind !== 'over' });
  const devices = useDevices(media.stream);
  const onOutcome = useCallback((outcome: Outcome) => setStep({ kind: 'over', outcome }), []);
  useEffect(() => {
    loadInCall().catch(() => undefined);
  }, []);

  return (
    <div className={`call-page call-page-${step.kind}`} data-testid="call-page" data-call-id={id} data-audience={audience}>
      {step.kind === 'prejoin' && (
        <PreJoin
          callId={id}
          audience={audience}
          media={media}
          devices={devices}
          prefs={prefs}
          setPrefs={setPrefs}
          mode={mode}
          setMode={setMode}
          rejoining={step.rejoining}
          onJoin={() => {
            setAttempts((n) => n + 1);
            setStep({ kind: 'call', attempt: attempts + 1 });
          }}
        />
      )}
      {step.kind === 'call' && (
        <Suspense
          fallback={
            <div role="status" className="call-loading" data-testid="call-loading">
              <h1>
                <FormattedMessage id="calls.page.loading" defaultMessage="Joining the call…" />
              </h1>
            </div>
          }
        >
          <InCall
            key={step.attempt}
            callId={id}
            audience={audience}
            stream={media.stream}
            cameraId={prefs.cameraId}
            onOutcome={onOutcome}
            devices={
              <>
                <DevicePicker devices={devices} value={prefs} onChange={setPrefs} mode={mode} />
                {media.error && <p role="alert">{media.error}</p>}
              </>
            }
          />
        </Suspense>
      )}
      {step.kind === 'over' && <OutcomeScreen outcome={step.outcome} callId={id} audience={audience} onRejoin={() => setStep({ kind: 'prejoin', rejoining: true })} />}
    </div>
  );
}
