// The public status page's content, read again every 30 s.
import { useQuery } from '@tanstack/react-query';
import { StatusPage } from '../../../../shared/status.js';
import { statusApi } from './statusClient.js';

export const useStatusPage = () => useQuery({ queryKey: ['status-page'], queryFn: () => statusApi.get('/api/status/page', StatusPage, { expectAuthFailure: true }), refetchInterval: 30_000 });
