// The API's own headers, apart from ./api.ts's schemas: the SPA's API client is on the client
// entry's first screen, which must not download zod (issue 19's budget); ./api.ts re-exports them.
// Header a background request (polling, heartbeat) sends so it does not count as user activity.
export const BACKGROUND_HEADER = 'x-hearth-background';
export const CSRF_HEADER = 'x-csrf-token';
// Every authenticated response says when the session will end if the user does nothing more.
export const IDLE_EXPIRES_HEADER = 'x-session-idle-expires';
