// The practice's call settings.
import { useQuery } from '@tanstack/react-query';
import { CallSettings } from '../../../../shared/calls.js';
import { api } from '../../../api/client.js';

export const callSettingsKey = ['practice', 'call-settings'] as const;

export const fetchCallSettings = () => api.get('/api/practice/call-settings', CallSettings);
export const saveCallSettings = (s: CallSettings) => api.put('/api/practice/call-settings', s, CallSettings);

export const useCallSettings = () => useQuery({ queryKey: callSettingsKey, queryFn: fetchCallSettings });
