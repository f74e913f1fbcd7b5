// The names of the practice's message services (which any colleague reading threads may see).
import { MessageServiceNames } from '../../../../shared/messages.js';
import { usePracticeRead } from '../../../lib/practice-read.js';
import { messageKeys } from './staffThread.js';

/** Every message service's name, to say which one a message came through. */
export function useServiceNames(enabled: boolean) {
  return usePracticeRead(messageKeys.serviceNames, '/api/practice/message-service-names', MessageServiceNames, enabled);
}
