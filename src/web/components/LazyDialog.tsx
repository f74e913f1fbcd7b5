// The modal dialogs that may open over any page of the client entry (the idle warning, a ringing
// call) without React Aria's dialog code on the first screen (issue 19's budget): the same
// components, loaded from ./aria-dialog.ts the first time one opens, and fetched in the
// background once the page has loaded and the browser is idle, so a dialog seldom waits for it.
import { lazy, Suspense, type ComponentProps, type ReactNode } from 'react';
import type * as Aria from './aria-dialog.js';

type AriaModule = typeof Aria;
let loading: Promise<AriaModule> | null = null;
const load = () => (loading ??= import('./aria-dialog.js'));

const part = <K extends keyof AriaModule>(name: K) => lazy(async () => ({ default: (await load())[name] as AriaModule[K] }));

export const ModalOverlay = part('ModalOverlay');
export const Modal = part('Modal');
export const Dialog = part('Dialog');
export const Heading = part('Heading');
export const Button = part('Button');
export type ButtonProps = ComponentProps<AriaModule['Button']>;

/** A dialog that draws nothing until its code is here (it opens a moment later on a slow link). */
export function LazyDialog({ children }: { children: ReactNode }) {
  return <Suspense fallback={null}>{children}</Suspense>;
}

/** Fetches the dialogs' code once the page has loaded and the browser is idle. */
export function preloadDialogs(): void {
  const idle = () => (window.requestIdleCallback ? window.requestIdleCallback(() => void load()) : setTimeout(() => void load(), 2000));
  if (document.readyState === 'complete') idle();
  else window.addEventListener('load', idle, { once: true });
}
