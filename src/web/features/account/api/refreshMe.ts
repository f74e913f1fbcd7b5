// After a change to the staff member's second factors: "me" is read again.
import { queryClient } from '../../../session/staff.js';
import { meKey } from '../../../session/useMe.js';

export const refreshMe = () => queryClient.invalidateQueries({ queryKey: meKey });
