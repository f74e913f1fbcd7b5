// The ring prompt: an alert dialog naming the call ("Session with Marigold Q.", or "Your provider
// is calling" in the portal) with Join and Not now, and a ring sound while it shows. Fed by the
// principal's one socket (call.ring / call.ring_stopped) and by the list of current calls, read on
// mount and after every (re)connection (a ring heard while a read is in flight outlives its answer:
// RingStore.mark). The call whose page is open does not prompt.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { Button, Dialog, Heading, LazyDialog, Modal, ModalOverlay } from '../../../components/LazyDialog.js';
import { FormattedMessage } from 'react-intl';
import { matchPath, useLocation, useNavigate } from 'react-router';
import './calls.css';
import type { CallList, CallSummary } from '../../../../shared/calls.js';
import type { Heartbeat } from '../../../session/connection.js';
import { ringingOf, startRingSound, type RingSound, type RingStore } from '../model/ring.js';

export interface IncomingCallProps {
  store: RingStore;
  socket: Pick<Heartbeat, 'onServerMessage' | 'onConnected'>;
  /** GET the principal's current calls (in the background: not user activity). */
  load: () => Promise<CallList>;
  /** The title of a listed call (the socket's ring brings its own). */
  titleOf: (c: CallSummary) => string;
  /** The call page's route pattern, e.g. "/calls/:id". */
  callPath: string;
}

export function IncomingCall({ store, socket, load, titleOf, callPath }: IncomingCallProps) {
  const calls = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const location = useLocation();
  const navigate = useNavigate();
  const [sound, setSound] = useState<RingSound>('off');

  useEffect(() => {
    let alive = true;
    const refresh = () => {
      // A ring the socket brings while this read is in flight outlives its (older) answer.
      const mark = store.mark();
      load()
        .then((list) => {
          if (alive) store.replace(ringingOf(list.items, titleOf), mark);
        })
        .catch(() => undefined);
    };
    refresh();
    const offMessage = socket.onServerMessage((m) => {
      if (m.type === 'call.ring') store.ring({ callId: m.callId, title: m.title, mode: m.mode });
      else if (m.type === 'call.ring_stopped' || m.type === 'call.ended') store.stop(m.callId);
    });
    const offConnected = socket.onConnected(refresh);
    return () => {
      alive = false;
      offMessage();
      offConnected();
      store.clear();
    };
  }, [store, socket, load, titleOf]);

  const open = matchPath(callPath, location.pathname)?.params.id;
  const call = calls.find((c) => c.callId !== open);
  const callId = call?.callId;

  useEffect(() => {
    if (!callId) return;
    return startRingSound(setSound);
  }, [callId]);

  if (!call) return null;
  const join = () => {
    store.dismiss(call.callId);
    void navigate(callPath.replace(':id', encodeURIComponent(call.callId)));
  };
  const more = calls.filter((c) => c.callId !== open).length - 1;
  return (
    <LazyDialog>
      <ModalOverlay isOpen isDismissable={false} isKeyboardDismissDisabled={false} onOpenChange={(o) => !o && store.dismiss(call.callId)} className="modal-overlay">
        <Modal className="modal">
          <Dialog role="alertdialog" className="dialog incoming-call" data-testid="incoming-call" data-call-id={call.callId} data-sound={sound}>
            <Heading slot="title">{call.title}</Heading>
            <p>
              <FormattedMessage
                id="calls.incoming.kind"
                defaultMessage="{mode, select, audio {Incoming audio call.} other {Incoming video call.}}"
                values={{ mode: call.mode }}
              />
              {more > 0 ? (
                <>
                  {' '}
                  <FormattedMessage
                    id="calls.incoming.more"
                    defaultMessage="{more, plural, one {# more call is ringing.} other {# more calls are ringing.}}"
                    values={{ more }}
                  />
                </>
              ) : null}
            </p>
            {sound === 'blocked' ? (
              <p className="muted">
                <FormattedMessage id="calls.incoming.silent" defaultMessage="The browser kept the ring silent until you click or press a key on this page." />
              </p>
            ) : null}
            <div className="actions">
              <Button className="btn primary" onPress={join} autoFocus data-testid="incoming-call-join">
                <FormattedMessage id="calls.incoming.join" defaultMessage="Join" />
              </Button>
              <Button className="btn" onPress={() => store.dismiss(call.callId)} data-testid="incoming-call-dismiss">
                <FormattedMessage id="calls.incoming.notNow" defaultMessage="Not now" />
              </Button>
            </div>
          </Dialog>
        </Modal>
      </ModalOverlay>
    </LazyDialog>
  );
}
