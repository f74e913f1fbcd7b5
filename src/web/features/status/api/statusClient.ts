// The status pages' own client: they have no session, and a session open in the same browser must
// neither lend them anything nor be ended by anything they hear.
import { createApiClient } from '../../../api/factory.js';

export const statusApi = createApiClient().api;
