// Revoke a calendar feed: its URL stops working.
import { api } from '../../../api/client.js';

export const revokeCalendarFeed = (id: string) => api.del<void>(`/api/calendar-feeds/${encodeURIComponent(id)}`);
