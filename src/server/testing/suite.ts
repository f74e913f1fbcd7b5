// A describe block's world, made once before its tests and closed after them: a harness, and what
// most suites start from on it (a practice signed up by its owner; a team; another practice whose
// data must never show). The objects returned are filled in by beforeAll (as a suite's `staff`
// record always was): read them inside hooks and tests, never while the block is being declared.
// The block's own beforeAll hooks, declared after, run after these.
import { afterAll, beforeAll, expect } from 'vitest';
import { createPractice, joinColleague, joinTeam, type Colleague, type PracticeFixture, type TeamMember } from './actors.js';
import type { TestDialect } from './dialects.js';
import { createHarness, type Harness, type HarnessOptions } from './harness.js';

export type Practice = PracticeFixture & { totpSecret?: string };
type PracticeOptions = Parameters<typeof createPractice>[1];

/** The block's harness on `dialect`. */
export function suiteHarness(dialect: TestDialect, opts: HarnessOptions = {}): Harness {
  const h = {} as Harness;
  beforeAll(async () => {
    Object.assign(h, await createHarness(dialect, opts));
  });
  afterAll(async () => h.close?.());
  return h;
}

/** The block's harness and one practice on it. */
export function practiceSuite(dialect: TestDialect, opts: HarnessOptions = {}, practice?: PracticeOptions): { h: Harness; p: Practice } {
  const h = suiteHarness(dialect, opts);
  const p = {} as Practice;
  beforeAll(async () => {
    Object.assign(p, await createPractice(h, practice));
  });
  return { h, p };
}

/** The block's harness, a practice with the members of TEAM named (joined in that order), and another practice. */
export function teamSuite(dialect: TestDialect, opts: HarnessOptions, team: readonly TeamMember[], practice?: PracticeOptions): { h: Harness; p: Practice; other: Practice; staff: Record<string, Colleague> } {
  const { h, p } = practiceSuite(dialect, opts, practice);
  const other = {} as Practice;
  const staff: Record<string, Colleague> = {};
  beforeAll(async () => {
    Object.assign(other, await createPractice(h));
    Object.assign(staff, await joinTeam(h, p.owner, team));
  });
  return { h, p, other, staff };
}

/** The block's harness; a practice with its public profile (it signs its mail as `senderName`) and a provider who joined it. */
export function providerPracticeSuite(
  dialect: TestDialect,
  opts: HarnessOptions,
  practice: { practiceName: string; slug: string; senderName: string; providerName: string },
): { h: Harness; p: Practice; provider: Colleague } {
  const { h, p } = practiceSuite(dialect, opts, { practiceName: practice.practiceName });
  const provider = {} as Colleague;
  beforeAll(async () => {
    Object.assign(provider, await joinColleague(h, p.owner, 'provider', practice.providerName));
    const profile = await p.owner.request('PUT', '/api/practice/profile', { slug: practice.slug, displayName: practice.practiceName, senderName: practice.senderName, contactEnabled: false, contactServiceId: null });
    expect(profile.statusCode, profile.body).toBe(200);
  });
  return { h, p, provider };
}
