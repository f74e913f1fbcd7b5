// A message's content rules and its client-facing shape, wherever it comes from (portal, staff).
import { invalid } from '../../errors.js';
import { clientInvalid } from '../../i18n/errors.js';
import { MAX_ATTACHMENTS, type ClientMessage, type PortalMessage } from '../../../shared/messages.js';

/** A message as the client sees it: without author ids (a staff author's id is the practice's business). */
export function portalMessage(m: ClientMessage): PortalMessage {
  const { authorId: _authorId, ...rest } = m;
  return rest;
}

/** What a message says and carries, as its author sent it. */
export interface MessageContent {
  body: string;
  documentIds?: readonly string[] | undefined;
}

/** Rules on a message's content that hold however it arrives (the route schemas say the same). */
export function checkContent(c: MessageContent): string[] {
  const ids = [...(c.documentIds ?? [])];
  if (!c.body.trim() && !ids.length) throw clientInvalid('body', 'errors.messages.bodyRequired');
  if (ids.length > MAX_ATTACHMENTS) throw invalid('documentIds', `must be at most ${MAX_ATTACHMENTS} documents`);
  const twice = ids.findIndex((id, i) => ids.indexOf(id) !== i);
  if (twice >= 0) throw invalid(`documentIds.${twice}`, 'is attached twice');
  return ids;
}
