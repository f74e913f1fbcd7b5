// Remove one of the staff member's security keys; "me" is read again either way.
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import { refreshMe } from './refreshMe.js';

export const useRemoveSecurityKey = (onError: (e: Error) => void) =>
  useMutation({
    mutationFn: (id: string) => api.del(`/api/auth/mfa/webauthn/credentials/${encodeURIComponent(id)}`, {}),
    onSettled: refreshMe,
    onError,
  });
