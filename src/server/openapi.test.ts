// The OpenAPI document, pinned: every route's path, method, tags, summary, parameters, body and
// responses, in registration order. A change to any route's contract shows here as a diff of
// __snapshots__/openapi.json (regenerate with `npx vitest run src/server/openapi.test.ts -u` when
// the change is meant). The document does not depend on the database, so one dialect builds it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Actor } from './testing/actors.js';
import { createHarness, type Harness } from './testing/harness.js';

describe('the OpenAPI document', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness('sqlite');
  });
  afterAll(async () => h?.close());

  it('is the pinned one, key for key and in the same order', async () => {
    const res = await new Actor(h).get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    // Pretty-printed for a readable diff; JSON.parse and stringify keep the document's key order.
    await expect(JSON.stringify(JSON.parse(res.body), null, 2) + '\n').toMatchFileSnapshot('./__snapshots__/openapi.json');
  });
});
