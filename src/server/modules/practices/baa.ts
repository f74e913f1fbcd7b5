import { readFileSync } from 'node:fs';

// The BAA in force. A new text is a new dated file in legal/; acceptances keep the version they saw.
export const CURRENT_BAA_VERSION = '2026-11-01';

let cached: { version: string; title: string; text: string } | undefined;
export function currentBaa() {
  if (!cached) {
    const text = readFileSync(new URL(`../../../../legal/baa-${CURRENT_BAA_VERSION}.md`, import.meta.url), 'utf8');
    cached = { version: CURRENT_BAA_VERSION, title: 'Business Associate Agreement', text };
  }
  return cached;
}
