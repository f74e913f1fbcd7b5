// Calendar feeds: a provider's private ICS subscription URLs. The URL holds a secret token; it is
// shown once, when the feed is created, and never again (only a hash of the token is stored).
import { z } from 'zod';
import { ItemList } from './api.js';

export const CalendarFeedCreate = z.strictObject({});

export const CalendarFeedCreated = z.object({
  id: z.string(),
  /** The subscription URL, with its secret: shown this once. */
  url: z.string(),
});
export type CalendarFeedCreated = z.infer<typeof CalendarFeedCreated>;

export const CalendarFeed = z.object({
  id: z.string(),
  createdAt: z.string(),
  /** When a calendar app last fetched it, or null if never. */
  lastUsedAt: z.string().nullable(),
});
export type CalendarFeed = z.infer<typeof CalendarFeed>;

export const CalendarFeedList = ItemList(CalendarFeed);
export type CalendarFeedList = z.infer<typeof CalendarFeedList>;

/** How many live feeds one user may have. */
export const MAX_FEEDS_PER_USER = 10;
