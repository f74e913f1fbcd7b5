// The business associate agreement a new practice accepts when signing up.
import { useQuery } from '@tanstack/react-query';
import { BaaDocument } from '../../../../shared/api.js';
import { api } from '../../../api/client.js';

export const useBaa = () => useQuery({ queryKey: ['legal', 'baa'], queryFn: () => api.get('/api/legal/baa', BaaDocument) });
