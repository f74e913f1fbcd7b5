// Change the staff member's password; every cached answer is read again (other sessions ended).
import { api } from '../../../api/client.js';
import { queryClient } from '../../../session/staff.js';

export async function changePassword(body: unknown): Promise<void> {
  await api.post('/api/me/password', body);
  void queryClient.invalidateQueries();
}
