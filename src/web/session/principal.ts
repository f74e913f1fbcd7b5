// Who is signed in, in this browser: a staff member (the staff app, /) or a client (the portal,
// /portal). Both run the same mechanics — an API client (../api/client.ts), a query cache, a
// socket heartbeat (./connection.ts), a session lifecycle (./lifecycle.ts) and the idle warning
// (./IdleWatcher.tsx) — as separate instances, so a browser may hold both sessions and ending one
// never touches the other. ./staff.ts and ./portal.ts build one Principal each; the shells
// (../app/staff, ../app/portal) and the shared sign-in pieces take the one they serve.
import type { QueryClient } from '@tanstack/react-query';
import type { ClientSession } from '../api/factory.js';
import type { Heartbeat } from './connection.js';
import type { Navigate } from './lifecycle.js';

export type PrincipalKind = 'staff' | 'client';

export interface Principal {
  kind: PrincipalKind;
  session: ClientSession;
  queryClient: QueryClient;
  /** The socket whose heartbeat the connection indicator shows while signed in. */
  socket: Heartbeat;
  /** Where an ended session lands. */
  loginPath: string;
  setNavigator: (fn: Navigate) => void;
  /** Asks the server, in the background (not activity), whether the session is still live; a 401 ends it. */
  check: () => Promise<unknown>;
  /** "Stay signed in": a request that counts as the person's activity. */
  keepAlive: () => Promise<unknown>;
  /** Ends the session here after the idle limit. */
  endIdle: () => void;
  /** Signs out on the server, then ends the session here whatever the answer. */
  signOut: () => void;
  idle: {
    /** The sentence before the remaining time in the idle warning. */
    reason: string;
    testId: string;
    /**
     * How often to ask `check` while signed in (and when the tab comes back into view or online),
     * for a principal whose socket does not say when the session ended elsewhere.
     */
    pollMs?: number;
  };
}
