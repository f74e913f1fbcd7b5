// A status mail's link: confirm the subscription or unsubscribe, once, with the link's token.
import { useQuery } from '@tanstack/react-query';
import { statusApi } from './statusClient.js';

export const useSubscriberLink = (action: 'confirm' | 'unsubscribe', token: string) =>
  useQuery({ queryKey: ['status-link', action], queryFn: () => statusApi.post(`/api/status/subscribers/${action}`, { token }, undefined, { expectAuthFailure: true }), retry: false, staleTime: Infinity });
