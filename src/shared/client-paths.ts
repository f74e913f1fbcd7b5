// The paths a client opens (a call's join link, a reminder's link, the public status page, the
// portal): the server answers them with the client entry's HTML (client.html, the light client
// path) and every other path with the staff app's (index.html). One list, read by both sides.
export const CLIENT_PATHS = ['/portal', '/join', '/r', '/status'] as const;

/** "/portal/login" and "/status" are; "/portals", "/reports" and "/" are not. */
export function isClientPath(pathname: string): boolean {
  return CLIENT_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}
