// The modal dialogs that may open over any page of the client entry (the idle warning, a ringing
// call) without React Aria's dialog code on the first screen (issue 19's budget): the same
// components, loaded from ./aria-dialog.ts the first time one opens, and fetched in the
// background once the first screen is up, so a dialog seldom waits for it.
// <LazyDialog> draws its dialog once the code is here, all parts at once: no part suspends inside
// the dialog's portal (the client build's preact/compat leaves a portal half drawn when a lazy
// part inside it suspends, with the page behind it inert). A load that fails (the link dropped)
// is tried again every few seconds while the dialog wants to open.
import { createElement, useEffect, useState, type ComponentProps, type ReactNode } from 'react';
import { afterFirstScreen } from '../lib/after-first-screen.js';
import { loadOnce } from '../lib/load-once.js';
import type * as Aria from './aria-dialog.js';

type AriaModule = typeof Aria;
let loaded: AriaModule | null = null;
const load = loadOnce(async () => (loaded = await import('./aria-dialog.js')));
const RETRY_MS = 3000;

/** A part of the dialog: React Aria's own component, drawn only inside a <LazyDialog> that has it. */
const part = <K extends keyof AriaModule>(name: K) =>
  function DialogPart(props: ComponentProps<AriaModule[K]>) {
    return createElement(loaded![name] as never, props as never);
  };

export const ModalOverlay = part('ModalOverlay');
export const Modal = part('Modal');
export const Dialog = part('Dialog');
export const Heading = part('Heading');
export const Button = part('Button');
export type ButtonProps = ComponentProps<AriaModule['Button']>;

/** A dialog that draws nothing until its code is here (it opens a moment later on a slow link). */
export function LazyDialog({ children }: { children: ReactNode }) {
  const [ready, setReady] = useState(loaded !== null);
  useEffect(() => {
    if (ready) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = (): void => {
      load().then(
        () => live && setReady(true),
        () => {
          if (live) timer = setTimeout(attempt, RETRY_MS);
        },
      );
    };
    attempt();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [ready]);
  return ready ? children : null;
}

/** Fetches the dialogs' code once the first screen is up (not while its own chunks are coming). */
export function preloadDialogs(): void {
  afterFirstScreen(() => void load().catch(() => undefined));
}
