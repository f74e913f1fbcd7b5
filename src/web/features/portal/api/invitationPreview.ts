// What a practice's portal invitation is for (the address, and whether it has an account already).
// Typed, not checked: the invitation page is a first screen (./signIn.ts says why).
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { PortalInvitationPreview } from '../../../../shared/portal.js';
import { portalApi } from '../../../api/client.js';

export const useInvitationPreview = (token: string | null) =>
  useQuery({
    queryKey: ['portal', 'invitation', token],
    queryFn: () => portalApi.post<z.infer<typeof PortalInvitationPreview>>('/api/portal/invitations/inspect', { token }, undefined, { expectAuthFailure: true }),
    enabled: !!token,
    staleTime: Infinity,
  });
