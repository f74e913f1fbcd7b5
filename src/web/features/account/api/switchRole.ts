// Switch the role a staff member with several works as; every cached answer is read again.
import { useMutation } from '@tanstack/react-query';
import type { StaffRole } from '../../../../shared/roles.js';
import { api } from '../../../api/client.js';
import { queryClient } from '../../../session/staff.js';

export const useSwitchRole = () =>
  useMutation({
    mutationFn: (role: StaffRole) => api.post('/api/me/active-role', { role }),
    onSuccess: () => queryClient.invalidateQueries(),
  });
