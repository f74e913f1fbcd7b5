// Client records over the API: the query keys (under the root other features may refresh).
import { CLIENTS_KEY } from '../../../lib/keys.js';
import type { ClientSort, ClientStatusValue } from '../model/labels.js';

export interface ClientListParams {
  q: string;
  status: ClientStatusValue | '';
  providerId: string;
  sort: ClientSort;
  limit: number;
  cursor: string | null;
}

export const clientKeys = {
  all: CLIENTS_KEY,
  list: (p: ClientListParams) => [...CLIENTS_KEY, 'list', p] as const,
  one: (id: string) => [...CLIENTS_KEY, 'one', id] as const,
};
