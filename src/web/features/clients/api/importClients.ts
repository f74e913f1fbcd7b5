// CSV import, all or nothing: the report of what was imported; every client list is refreshed.
import { useQueryClient } from '@tanstack/react-query';
import { ImportReport } from '../../../../shared/clients.js';
import { api } from '../../../api/client.js';
import { clientKeys } from './keys.js';

export function useImportClients() {
  const qc = useQueryClient();
  return async (csv: string, onImported: (imported: number) => void) => {
    const res = await api.postText('/api/clients/import', csv, 'text/csv', ImportReport);
    onImported(res.imported);
    await qc.invalidateQueries({ queryKey: clientKeys.all });
  };
}
