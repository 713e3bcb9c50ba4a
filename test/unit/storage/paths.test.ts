import { describe, it, expect } from '@jest/globals';
import { aliasKey, buildDir, latestBuildKeys, repoPathBuilder } from '../../../src/storage/paths.js';

const refs = { org: 'kubernetes', repo: 'test-infra', base_ref: 'master', base_sha: 'abc', pulls: [{ number: 123, author: 'a', sha: 'def' }] };

describe('upstream blob layout', () => {
  it('lays out presubmits, batches, postsubmits and periodics', () => {
    expect(buildDir({ type: 'presubmit', job: 'pull-x', buildid: '42', refs })).toBe('pr-logs/pull/kubernetes_test-infra/123/pull-x/42');
    expect(buildDir({ type: 'batch', job: 'pull-x', buildid: '42', refs })).toBe('pr-logs/pull/batch/pull-x/42');
    expect(buildDir({ type: 'postsubmit', job: 'post-x', buildid: '7', refs })).toBe('logs/post-x/7');
    expect(buildDir({ type: 'periodic', job: 'ci-x', buildid: '8' })).toBe('logs/ci-x/8');
    expect(buildDir({ type: 'periodic', job: 'ci-x', buildid: '8' }, { path_prefix: 'prefix' })).toBe('prefix/logs/ci-x/8');
  });

  it('applies path_strategy with default_org and default_repo', () => {
    const legacy = repoPathBuilder({ path_strategy: 'legacy', default_org: 'kubernetes', default_repo: 'kubernetes' });
    expect(legacy('kubernetes', 'kubernetes')).toBe('');
    expect(legacy('kubernetes', 'test-infra')).toBe('test-infra');
    expect(legacy('other', 'repo')).toBe('other_repo');
    const single = repoPathBuilder({ path_strategy: 'single', default_org: 'kubernetes', default_repo: 'kubernetes' });
    expect(single('kubernetes', 'kubernetes')).toBe('');
    expect(single('kubernetes', 'test-infra')).toBe('kubernetes_test-infra');
    expect(repoPathBuilder({ path_strategy: 'explicit' })('kubernetes', 'kubernetes')).toBe('kubernetes_kubernetes');
    expect(() => repoPathBuilder({ path_strategy: 'weird' })).toThrow(/unknown path_strategy/);
    expect(buildDir({ type: 'presubmit', job: 'j', buildid: '1', refs: { ...refs, repo: 'kubernetes' } }, { path_strategy: 'legacy', default_org: 'kubernetes', default_repo: 'kubernetes' })).toBe('pr-logs/pull/123/j/1');
  });

  it('names the directory link and latest-build markers', () => {
    expect(aliasKey({ type: 'presubmit', job: 'pull-x', buildid: '42', refs })).toBe('pr-logs/directory/pull-x/42.txt');
    expect(aliasKey({ type: 'periodic', job: 'ci-x', buildid: '8' })).toBeUndefined();
    expect(latestBuildKeys({ type: 'presubmit', job: 'pull-x', buildid: '42', refs })).toEqual([
      'pr-logs/pull/kubernetes_test-infra/123/pull-x/latest-build.txt',
      'pr-logs/directory/pull-x/latest-build.txt',
    ]);
    expect(latestBuildKeys({ type: 'periodic', job: 'ci-x', buildid: '8' })).toEqual(['logs/ci-x/latest-build.txt']);
  });
});
