// What a page shows when it cannot come up: its code did not arrive (the connection dropped, or
// the server was busy) or it failed while drawing. Without this, the staff app showed React
// Router's "Unexpected Application Error!" and the portal a blank screen. The frame around it
// (menu, connection state) stays; the words say what happened in plain terms and offer a reload,
// which is the one way back: a browser keeps a failed module import failed for the page's life.
// Nothing of the error itself is shown or sent (it could name a client).
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { useRouteError } from 'react-router';

/** A page's code that did not arrive, in the words of each browser (Chromium, Safari, Firefox, Vite's preload). */
const LOAD_FAILURE = /dynamically imported module|importing a module script failed|unable to preload/i;

/** Whether `error` is a page's code failing to load, rather than the page failing as it drew. */
export function isCodeLoadFailure(error: unknown): boolean {
  return error instanceof Error && LOAD_FAILURE.test(error.message);
}

/** `level`: 2 for a page inside a frame with its own h1 (a client's record in the portal). */
export function PageLoadError({ error, level = 1 }: { error: unknown; level?: 1 | 2 }) {
  const Heading = level === 1 ? 'h1' : 'h2';
  const load = isCodeLoadFailure(error);
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  return (
    <section className="page-load-error" data-testid="page-load-error" data-kind={load ? 'load' : 'crash'} aria-labelledby="page-load-error-title">
      <Heading id="page-load-error-title">
        <FormattedMessage id="components.pageError.title" defaultMessage="This page didn't load" />
      </Heading>
      <p role="alert">
        {!load ? (
          <FormattedMessage id="components.pageError.crash" defaultMessage="Something went wrong while showing it. Nothing you saved is lost." />
        ) : offline ? (
          <FormattedMessage id="components.pageError.offline" defaultMessage="This device is offline. Reload the page once it is back online." />
        ) : (
          <FormattedMessage id="components.pageError.load" defaultMessage="The connection dropped or Hearth was busy while it loaded. Nothing you saved is lost." />
        )}
      </p>
      <button type="button" className="btn primary" data-testid="page-load-error-reload" onClick={() => window.location.reload()}>
        <FormattedMessage id="components.pageError.reload" defaultMessage="Reload the page" />
      </button>
    </section>
  );
}

/** A data router route's errorElement (the staff app): the error its page's `lazy` or render threw. */
export function RoutePageError() {
  return <PageLoadError error={useRouteError()} />;
}

/** Around a page of the declarative router (the portal), which has no route errorElement. */
export class PageErrorBoundary extends Component<{ children: ReactNode; level?: 1 | 2 }, { error: unknown }> {
  override state: { error: unknown } = { error: null };
  static getDerivedStateFromError(error: unknown) {
    return { error: error ?? new Error('unknown') };
  }
  override componentDidCatch(_error: unknown, _info: ErrorInfo) {
    // Deliberately nothing: the error's text or stack could carry a client's data to a log.
  }
  override render() {
    return this.state.error ? <PageLoadError error={this.state.error} level={this.props.level} /> : this.props.children;
  }
}
