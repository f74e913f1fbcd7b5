// "Calendar subscription" on the account page, for providers: subscribe a calendar app (Google,
// Apple, Outlook) to one's own Hearth appointments. A link is created here and shown once (only a
// hash of its secret is kept), with a Copy button and the warning that whoever holds it sees the
// appointment times; the links are listed by date (never their URLs) and each can be revoked,
// after a confirmation, which stops it at once.
import { useRef, useState } from 'react';
import { Button, Dialog, Heading, Input, Label, Modal, ModalOverlay, TextField } from 'react-aria-components';
import { MAX_FEEDS_PER_USER, type CalendarFeed, type CalendarFeedCreated } from '../../../../shared/calendar-feeds.js';
import { useCopy } from '../../../components/account-security.js';
import { formatDate } from '../../../components/format.js';
import { ErrorSummary, useFormErrors } from '../../../components/forms.js';
import { QueryState } from '../../../components/QueryState.js';
import { invalidateCalendarFeeds, useCalendarFeeds } from '../api/calendarFeeds.js';
import { createCalendarFeed } from '../api/createCalendarFeed.js';
import { revokeCalendarFeed } from '../api/revokeCalendarFeed.js';

export function CalendarFeedsSection() {
  const feeds = useCalendarFeeds();
  const form = useFormErrors({});
  const [created, setCreated] = useState<CalendarFeedCreated | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<CalendarFeed | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const createButton = useRef<HTMLButtonElement>(null);
  const count = feeds.data?.items.length ?? 0;
  const full = count >= MAX_FEEDS_PER_USER;

  const create = async () => {
    form.clear();
    setNotice(null);
    setBusy(true);
    try {
      setCreated(await createCalendarFeed());
      await invalidateCalendarFeeds();
    } catch (e) {
      form.fromApi(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="feeds-h" className="card" data-testid="calendar-feeds-section">
      <h2 id="feeds-h" ref={heading} tabIndex={-1}>
        Calendar subscription
      </h2>
      <p>
        See your Hearth appointments in your own calendar app (Google Calendar, Apple Calendar, Outlook): create a subscription
        link and add it to the app as a calendar "from URL" or "by subscription". The app checks for changes every 30 minutes or so.
      </p>
      <p className="notice warn" data-testid="calendar-feed-warning">
        Anyone who has the link sees when your appointments are: their times only, never client names or other details. Keep it
        private, like a password, and revoke it if it was shared or a device with it was lost.
      </p>

      {created ? (
        <NewFeedLink
          feed={created}
          onDone={() => {
            setCreated(null);
            createButton.current?.focus();
          }}
        />
      ) : null}

      <ErrorSummary form={form} testId="calendar-feed-error" />
      <p role="status" data-testid="calendar-feed-status">
        {busy ? 'Creating a subscription link…' : notice}
      </p>

      <h3>Your subscription links</h3>
      <QueryState query={feeds} what="your calendar subscriptions" testId="calendar-feeds">
        {(d) =>
          d.items.length ? (
            <ul className="rows" data-testid="calendar-feed-list" data-count={d.items.length}>
              {d.items.map((f) => (
                <li key={f.id} data-testid="calendar-feed-row" data-feed-id={f.id}>
                  <span>
                    <strong>Created {formatDate(f.createdAt)}</strong>
                    <br />
                    <span className="muted">{f.lastUsedAt ? `Last checked by a calendar app ${formatDate(f.lastUsedAt)}` : 'Not used by a calendar app yet'}</span>
                  </span>
                  <Button className="btn danger" onPress={() => setRevoking(f)} aria-label={`Revoke the link created ${formatDate(f.createdAt)}`} data-testid="calendar-feed-revoke">
                    Revoke…
                  </Button>
                </li>
              ))}
            </ul>
          ) : (
            <p data-testid="calendar-feed-list" data-count={0}>
              You have no subscription links.
            </p>
          )
        }
      </QueryState>
      <div className="actions">
        <Button ref={createButton} className="btn primary" onPress={() => void create()} isDisabled={busy || full} data-testid="calendar-feed-create">
          {count ? 'Create another subscription link' : 'Create a subscription link'}
        </Button>
      </div>
      {full ? <p className="field-description">You have {MAX_FEEDS_PER_USER} links, the most there can be: revoke one to create another.</p> : null}

      {revoking ? (
        <RevokeDialog
          feed={revoking}
          onClose={(revoked) => {
            setRevoking(null);
            if (!revoked) return;
            if (created?.id === revoking.id) setCreated(null);
            setNotice('Subscription link revoked: it no longer works.');
            // The revoked row and its button are gone: put focus somewhere that still exists.
            heading.current?.focus();
          }}
        />
      ) : null}
    </section>
  );
}

/** The new link, shown this once: a read-only field to select, a Copy button, and Done. */
function NewFeedLink({ feed, onDone }: { feed: CalendarFeedCreated; onDone: () => void }) {
  const { copy, message } = useCopy('Link copied. Paste it into your calendar app.', "Couldn't copy here: select the link and copy it yourself.");
  return (
    <div className="form inset" data-testid="calendar-feed-new" data-feed-id={feed.id}>
      <h3>Your new subscription link</h3>
      <p>Copy it now: it is shown only this once. If you lose it, revoke it and create a new one.</p>
      <TextField className="field" value={feed.url} isReadOnly>
        <Label>Subscription link</Label>
        <Input data-testid="calendar-feed-url" autoFocus onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
      </TextField>
      <div className="actions">
        <Button className="btn primary" onPress={() => copy(feed.url)} data-testid="calendar-feed-copy">
          Copy link
        </Button>
        <Button className="btn" onPress={onDone} data-testid="calendar-feed-done">
          Done
        </Button>
      </div>
      <p role="status" data-testid="calendar-feed-copied">
        {message}
      </p>
    </div>
  );
}

function RevokeDialog({ feed, onClose }: { feed: CalendarFeed; onClose: (revoked: boolean) => void }) {
  const form = useFormErrors({});
  const [busy, setBusy] = useState(false);
  const revoke = async () => {
    form.clear();
    setBusy(true);
    try {
      await revokeCalendarFeed(feed.id);
      await invalidateCalendarFeeds();
      onClose(true);
    } catch (e) {
      form.fromApi(e);
      setBusy(false);
    }
  };
  return (
    <ModalOverlay isOpen isDismissable={!busy} onOpenChange={(o) => !o && onClose(false)} className="modal-overlay">
      <Modal className="modal">
        <Dialog role="alertdialog" className="dialog" data-testid="calendar-feed-revoke-dialog">
          <Heading slot="title">Revoke this subscription link?</Heading>
          <p>
            The link created {formatDate(feed.createdAt)} stops working at once: calendar apps subscribed with it stop getting your
            appointments. This cannot be undone; you can create a new link.
          </p>
          <ErrorSummary form={form} testId="calendar-feed-revoke-error" />
          <div className="actions">
            <Button className="btn danger" onPress={() => void revoke()} isDisabled={busy} data-testid="calendar-feed-revoke-confirm">
              {busy ? 'Revoking…' : 'Revoke link'}
            </Button>
            <Button className="btn" onPress={() => onClose(false)} isDisabled={busy} autoFocus>
              Keep it
            </Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
