// "Call now" (a client) and "Start / join call" (a video or audio appointment): starts or opens
// the call room, then goes to its page. A failure is said in words next to the button.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useNavigate } from 'react-router';
import './calls.css';
import type { CallSummary } from '../../../../shared/calls.js';
import { useMe } from '../../../session/useMe.js';
import { appointmentCall, callNow, startError } from '../api/startCall.js';
import { staffRings } from '../model/ring.js';

/** True when the signed-in role may start calls. */
export function useCanStartCalls(): boolean {
  const me = useMe();
  return me.data?.permissions.includes('calls.start') ?? false;
}

function StartButton({ start, label, hiddenSuffix, testId, className }: { start: () => Promise<CallSummary>; label: string; hiddenSuffix?: string; testId: string; className?: string }) {
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      const call = await start();
      // The server rings me too: I am already on my way in, so no prompt for this one.
      staffRings.dismiss(call.id);
      void navigate(`/calls/${encodeURIComponent(call.id)}`);
    } catch (e) {
      setError(startError(e));
      setBusy(false);
    }
  };
  return (
    <span className="start-call">
      <Button className={className ?? 'btn'} onPress={() => void go()} isDisabled={busy} data-testid={testId}>
        {busy ? 'Starting…' : label}
        {hiddenSuffix ? <span className="visually-hidden">{hiddenSuffix}</span> : null}
      </Button>
      {error ? (
        <span role="alert" className="field-error start-call-error" data-testid={`${testId}-error`}>
          {error}
        </span>
      ) : null}
    </span>
  );
}

export function CallNowButton({ clientId, clientName, className }: { clientId: string; clientName: string; className?: string }) {
  return <StartButton start={() => callNow(clientId)} label="Call now" hiddenSuffix={`: ${clientName}`} testId="call-now" className={className} />;
}

/** A video or audio appointment still to happen has a call room to start or join. */
export function appointmentCallable(a: { type: string; status: string }): boolean {
  return (a.type === 'video' || a.type === 'audio') && (a.status === 'scheduled' || a.status === 'confirmed');
}

export function AppointmentCallButton({ appointmentId, label, className }: { appointmentId: string; label?: string; className?: string }) {
  return <StartButton start={() => appointmentCall(appointmentId)} label="Start / join call" hiddenSuffix={label ? `: ${label}` : undefined} testId="appointment-call" className={className} />;
}
