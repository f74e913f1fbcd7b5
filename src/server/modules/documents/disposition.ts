// How a download is named: shared by the staff and portal download routes.

/** RFC 5987 / 6266: the UTF-8 name percent-encoded, with the characters encodeURIComponent leaves. */
export function contentDisposition(name: string): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename*=UTF-8''${encoded}`;
}
