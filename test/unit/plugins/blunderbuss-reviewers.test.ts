// Blunderbuss's choice of reviewers, weighted by changed lines as the seed docs describe, over many seeds.
import { describe, expect, it } from '@jest/globals';
import { chooseReviewers, type ReviewerSource } from '../../../plugins/blunderbuss/reviewers.js';
import { seededRandom } from '../../../plugins/shared/random.js';

// d/ is reviewed by dan and dee, e/ by dee and eve: dee reviews both.
const LEAF: Record<string, string[]> = { 'd/x': ['dan', 'dee'], 'e/y': ['dee', 'eve'] };
const src: ReviewerSource = { leaf: (f) => new Set(LEAF[f] ?? []), all: (f) => new Set(LEAF[f] ?? []), required: () => new Set() };

async function firstPickCounts(eLines: number): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let seed = 1; seed <= 300; seed++) {
    const { reviewers } = await chooseReviewers(src, [{ filename: 'd/x', changes: 1 }, { filename: 'e/y', changes: eLines }], { author: 'someone', count: 1, random: seededRandom(seed) });
    counts.set(reviewers[0]!, (counts.get(reviewers[0]!) ?? 0) + 1);
  }
  return counts;
}

describe('blunderbuss reviewer choice', () => {
  it('favours the reviewer who covers more changed lines', async () => {
    // For d/'s pick, dee weighs 1 + 1000 against dan's 1.
    const heavy = await firstPickCounts(1000);
    expect(heavy.get('dee') ?? 0).toBeGreaterThan(280);
    // With e/ as small as d/, dee weighs 2 against dan's 1: still favoured, far less so.
    const light = await firstPickCounts(1);
    expect(light.get('dee') ?? 0).toBeGreaterThan(150);
    expect(light.get('dan') ?? 0).toBeGreaterThan(60);
  });

  it('the same seed gives the same reviewers; the author is never chosen', async () => {
    const files = [{ filename: 'd/x', changes: 5 }, { filename: 'e/y', changes: 5 }];
    const a = await chooseReviewers(src, files, { author: 'dee', count: 2, random: seededRandom(42) });
    const b = await chooseReviewers(src, files, { author: 'dee', count: 2, random: seededRandom(42) });
    expect(a).toEqual(b);
    expect(a.reviewers.sort()).toEqual(['dan', 'eve']);
  });
});
