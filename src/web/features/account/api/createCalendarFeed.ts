// A new calendar feed: its URL (with its secret) is in this answer only, shown once.
import { CalendarFeedCreated } from '../../../../shared/calendar-feeds.js';
import { api } from '../../../api/client.js';

export const createCalendarFeed = () => api.post('/api/calendar-feeds', {}, CalendarFeedCreated);
