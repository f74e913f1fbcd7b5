// Which requests the in-flight limit counts: the API and the WebSocket (they wait on the database),
// never the app's own files (a refused lazy chunk would break the page that says "retrying").
import { describe, expect, it } from 'vitest';
import { countedInFlight, exemptFromShedding } from './load-shedding.js';

describe('load shedding: what counts', () => {
  it('counts the API and the WebSocket', () => {
    for (const url of ['/api/clients?limit=100', '/api/me', '/ws', '/ws?v=2']) expect(countedInFlight(url), url).toBe(true);
  });
  it('never counts the app’s files or its shell', () => {
    for (const url of ['/assets/ClientsPage-abc123.js', '/sw.js', '/', '/clients', '/portal/login', '/index.html', '/apiary', '/wsx']) expect(countedInFlight(url), url).toBe(false);
  });
  it('never sheds health, metrics and the status page', () => {
    for (const url of ['/healthz', '/readyz', '/metrics', '/status', '/api/status/page', '/api/v2/summary.json']) expect(exemptFromShedding(url), url).toBe(true);
    expect(exemptFromShedding('/api/clients')).toBe(false);
  });
});
