// What a reminder link shows: the appointment as the API describes it to the link's holder.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { postLinkAction, transient } from './linkClient.js';

let views = 0;

export function useReminderLinkView(token: string) {
  // Not cached beyond this page: the key holds no token (a number for this link's view instead, so
  // another link's answer is never shown), and nothing is kept after it closes.
  const [instance] = useState(() => ++views);
  return useQuery({
    queryKey: ['reminder-link', 'view', instance],
    queryFn: () => postLinkAction('view', token),
    retry: (n, e) => n < 3 && transient(e),
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
}
