// Per org/repo/branch lookups of the tide config: merge methods (every form upstream accepts), batch limits, URLs.
import { describe, expect, it } from '@jest/globals';
import { batchSizeLimit, mergeBlocksPolicy, mergeMethodFor, prioritizeExistingBatches, statusTargetURL } from '../../../roles/tide/settings.js';
import type { Tide } from '../../../src/config/types.js';

describe('mergeMethodFor', () => {
  const t: Tide = {
    merge_method: {
      'k/t@release': 'rebase',
      k: { t: { 'ma(ster|in)': 'squash' }, other: 'rebase' },
      'k/t': 'merge',
      o: 'squash',
      'o/r': 'rebase',
    },
  };
  it.each<[string, string, string, string]>([
    ['k', 't', 'release', 'rebase'],
    ['k', 't', 'main', 'squash'],
    ['k', 't', 'dev', 'merge'],
    ['k', 'other', 'main', 'rebase'],
    ['k', 'none', 'main', 'merge'],
    ['o', 'x', 'main', 'squash'],
    ['o', 'r', 'main', 'rebase'],
    ['z', 'z', 'main', 'merge'],
  ])('%s/%s@%s → %s', (org, repo, branch, want) => {
    expect(mergeMethodFor(t, org, repo, branch)).toBe(want);
  });
});

describe('batch settings and URLs', () => {
  const t: Tide = { batch_size_limit: { '*': 5, o: -1, 'o/r': 2 }, prioritize_existing_batches: { o: false }, pr_status_base_url: 'https://prow.example/pr' };
  it('reads repo, org then *', () => {
    expect([batchSizeLimit(t, 'o', 'r'), batchSizeLimit(t, 'o', 'x'), batchSizeLimit(t, 'p', 'x'), batchSizeLimit({}, 'p', 'x')]).toEqual([2, -1, 5, 0]);
    expect([prioritizeExistingBatches(t, 'o', 'r'), prioritizeExistingBatches(t, 'p', 'r')]).toEqual([false, true]);
  });
  it('reads github_merge_blocks_policy by repo, org, *, default permit', () => {
    const p: Tide = { github_merge_blocks_policy: { '*': 'ignore', o: 'block', 'o/r': 'permit' } };
    expect([mergeBlocksPolicy(p, 'o', 'r'), mergeBlocksPolicy(p, 'o', 'x'), mergeBlocksPolicy(p, 'z', 'x'), mergeBlocksPolicy({}, 'z', 'x')]).toEqual(['permit', 'block', 'ignore', 'permit']);
  });
  it('links the PR status page with the PR query, or the target URL', () => {
    const pr = { org: 'o', repo: 'r', author: 'alice', headRefName: 'fix' };
    expect(statusTargetURL(t, pr)).toBe('https://prow.example/pr?query=is%3Apr+repo%3Ao%2Fr+author%3Aalice+head%3Afix');
    expect(statusTargetURL({ ...t, target_urls: { o: 'https://tide.example' } }, pr)).toBe('https://tide.example');
    expect(statusTargetURL({}, pr)).toBe('');
  });
});
