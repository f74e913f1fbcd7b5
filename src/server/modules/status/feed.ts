// The status page's incident history as an Atom feed (RFC 4287): one entry per incident or
// maintenance, its updates newest first, each dated in the page's style.
import type { PageIncident, StatusPage } from '../../../shared/status.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function entry(i: PageIncident, base: string): string {
  const updated = i.updates[0]?.at ?? i.createdAt;
  const html = i.updates.map((u) => `<p><strong>${esc(u.when)}: ${esc(u.statusLabel)}</strong> — ${esc(u.body)}</p>`).join('');
  return [
    '  <entry>',
    `    <id>tag:hearth,status:${esc(i.id)}</id>`,
    `    <title>${esc(i.name)}</title>`,
    `    <published>${esc(i.createdAt)}</published>`,
    `    <updated>${esc(updated)}</updated>`,
    `    <link rel="alternate" type="text/html" href="${esc(`${base}/status#incident-${i.id}`)}"/>`,
    `    <content type="html">${esc(html)}</content>`,
    '  </entry>',
  ].join('\n');
}

export function atomFeed(page: StatusPage, base: string): string {
  const all = [...page.active, ...page.upcoming, ...page.history].sort((a, b) => (b.updates[0]?.at ?? b.createdAt).localeCompare(a.updates[0]?.at ?? a.createdAt));
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>tag:hearth,status</id>`,
    '  <title>Hearth status — incident history</title>',
    `  <updated>${esc(all[0]?.updates[0]?.at ?? page.updatedAt)}</updated>`,
    `  <link rel="alternate" type="text/html" href="${esc(`${base}/status`)}"/>`,
    `  <link rel="self" type="application/atom+xml" href="${esc(`${base}/status/history.atom`)}"/>`,
    '  <author><name>Hearth</name></author>',
    ...all.map((i) => entry(i, base)),
    '</feed>',
    '',
  ].join('\n');
}
