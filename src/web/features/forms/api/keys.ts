// The forms feature's query keys: the staff side under FORMS_KEY (the client page and Today refresh
// it), the portal side under the portal's own cache.
import { FORMS_KEY } from '../../../lib/keys.js';

export const formKeys = {
  all: FORMS_KEY,
  templates: [...FORMS_KEY, 'templates'] as const,
  clientRequests: (clientId: string) => [...FORMS_KEY, 'client', clientId] as const,
  request: (id: string) => [...FORMS_KEY, 'request', id] as const,
  portalList: ['portal', 'form-requests'] as const,
  portalOne: (id: string) => ['portal', 'form-requests', id] as const,
};
