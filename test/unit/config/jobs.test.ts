import { describe, expect, it } from '@jest/globals';
import {
  branchersIntersect,
  postsubmitRuns,
  presubmitRunsAutomatically,
  runsForChanges,
  shouldRunOnBranch,
  triggerMatches,
  rerunAuthConfigFor,
  inRepoConfigEnabled,
  inRepoAllowedClusters,
  branchProtectionPolicy,
  defaultTriggerFor,
  type Config,
} from '../../../src/config/index.js';

describe('branches', () => {
  it('runs everywhere without filters', () => {
    expect(shouldRunOnBranch({}, 'anything')).toBe(true);
  });

  it('matches regexes anywhere in the name, as upstream (anchor to be exact)', () => {
    expect(shouldRunOnBranch({ branches: ['main'] }, 'main')).toBe(true);
    expect(shouldRunOnBranch({ branches: ['main'] }, 'not-main')).toBe(true);
    expect(shouldRunOnBranch({ branches: ['^main$'] }, 'not-main')).toBe(false);
    expect(shouldRunOnBranch({ branches: ['^main$', '^release-.*$'] }, 'release-1.2')).toBe(true);
  });

  it('lets skip_branches win', () => {
    const b = { branches: ['^release-'], skip_branches: ['^release-1\\.0$'] };
    expect(shouldRunOnBranch(b, 'release-1.0')).toBe(false);
    expect(shouldRunOnBranch(b, 'release-1.1')).toBe(true);
    expect(shouldRunOnBranch({ skip_branches: ['^gh-pages$'] }, 'main')).toBe(true);
  });

  it('knows when two jobs can run on the same branch', () => {
    expect(branchersIntersect({ branches: ['main'] }, { branches: ['dev'] })).toBe(false);
    expect(branchersIntersect({ branches: ['main'] }, { branches: ['main', 'dev'] })).toBe(true);
    expect(branchersIntersect({ branches: ['main'] }, { skip_branches: ['main'] })).toBe(false);
    expect(branchersIntersect({ skip_branches: ['a'] }, { skip_branches: ['b'] })).toBe(true);
    expect(branchersIntersect({}, { branches: ['x'] })).toBe(true);
  });
});

describe('changed files', () => {
  it('run_if_changed runs when any file matches', () => {
    expect(runsForChanges({ run_if_changed: '^docs/' }, ['src/a.go', 'docs/x.md'])).toBe(true);
    expect(runsForChanges({ run_if_changed: '^docs/' }, ['src/a.go'])).toBe(false);
  });

  it('skip_if_only_changed runs unless every file matches', () => {
    const m = { skip_if_only_changed: '^docs/|\\.md$' };
    expect(runsForChanges(m, ['docs/a', 'README.md'])).toBe(false);
    expect(runsForChanges(m, ['docs/a', 'main.go'])).toBe(true);
    expect(runsForChanges(m, [])).toBe(false);
  });

  it('undefined without filters', () => {
    expect(runsForChanges({}, ['a'])).toBeUndefined();
  });

  it('decides automatic presubmits and postsubmits', () => {
    expect(presubmitRunsAutomatically({ name: 'a', always_run: true, branches: ['^main$'] }, 'dev', [])).toBe(false);
    expect(presubmitRunsAutomatically({ name: 'a', always_run: true }, 'main', [])).toBe(true);
    expect(presubmitRunsAutomatically({ name: 'a' }, 'main', ['x'])).toBe(false);
    expect(presubmitRunsAutomatically({ name: 'a', run_if_changed: 'x' }, 'main', ['x'])).toBe(true);
    expect(postsubmitRuns({ name: 'p' }, 'main', [])).toBe(true);
    expect(postsubmitRuns({ name: 'p', always_run: false }, 'main', [])).toBe(false);
    expect(postsubmitRuns({ name: 'p', run_if_changed: '^prow/' }, 'main', ['docs/a'])).toBe(false);
    expect(postsubmitRuns({ name: 'p', run_if_changed: '^prow/' }, 'main', ['prow/a'])).toBe(true);
  });
});

describe('trigger', () => {
  it('matches comments with the job trigger', () => {
    const ps = { name: 'unit', trigger: defaultTriggerFor('unit') };
    expect(triggerMatches(ps, 'lgtm\n/test unit')).toBe(true);
    expect(triggerMatches(ps, '/test lint')).toBe(false);
    expect(triggerMatches({ name: 'x', trigger: '(?mi)^/go$' }, '/GO')).toBe(true);
  });
});

describe('lookups', () => {
  it('inrepoconfig enablement: narrowest key wins; clusters are unioned', () => {
    const c: Config = { in_repo_config: { enabled: { '*': true, o: false, 'o/r': true }, allowed_clusters: { '*': ['default'], o: ['build'] } } };
    expect(inRepoConfigEnabled(c, 'o', 'r')).toBe(true);
    expect(inRepoConfigEnabled(c, 'o', 'x')).toBe(false);
    expect(inRepoConfigEnabled(c, 'p', 'x')).toBe(true);
    expect(inRepoConfigEnabled({}, 'p', 'x')).toBe(false);
    expect(inRepoAllowedClusters(c, 'o', 'r')).toEqual(['build', 'default']);
  });

  it('rerun auth: job config, else the last matching default entry; old map ordered *, org, repo', () => {
    const c: Config = { deck: { rerun_auth_configs: { 'o/r': { github_users: ['repo'] }, '*': { allow_anyone: true }, o: { github_users: ['org'] } } } };
    expect(rerunAuthConfigFor(c, 'o/r', 'default')).toEqual({ github_users: ['repo'] });
    expect(rerunAuthConfigFor(c, 'o/x', 'default')).toEqual({ github_users: ['org'] });
    expect(rerunAuthConfigFor(c, 'p/x', 'default')).toEqual({ allow_anyone: true });
    expect(rerunAuthConfigFor(c, 'p/x', 'default', { github_orgs: ['own'] })).toEqual({ github_orgs: ['own'] });
    const e: Config = { deck: { default_rerun_auth_configs: [{ repo: '', rerun_auth_configs: { allow_anyone: true } }, { cluster: 'trusted', rerun_auth_configs: { github_users: ['admin'] } }] } };
    expect(rerunAuthConfigFor(e, 'o/r', 'trusted')).toEqual({ github_users: ['admin'] });
    expect(rerunAuthConfigFor(e, 'o/r', 'default')).toEqual({ allow_anyone: true });
  });

  it('branch protection: children inherit, lists union, scalars replace', () => {
    const c: Config = {
      'branch-protection': {
        protect: true,
        enforce_admins: true,
        required_status_checks: { contexts: ['global'], strict: false },
        restrictions: { users: ['root'] },
        orgs: {
          o: {
            required_status_checks: { contexts: ['org'] },
            required_pull_request_reviews: { required_approving_review_count: 1 },
            repos: {
              r: {
                enforce_admins: false,
                restrictions: { users: ['alice'], teams: ['core'] },
                branches: { main: { required_status_checks: { contexts: ['branch'], strict: true }, required_pull_request_reviews: { required_approving_review_count: 2 } } },
              },
            },
          },
        },
      },
    };
    expect(branchProtectionPolicy(c, 'o', 'r', 'main')).toEqual({
      protect: true,
      enforce_admins: false,
      required_status_checks: { contexts: ['branch', 'global', 'org'], strict: true },
      restrictions: { users: ['alice', 'root'], teams: ['core'] },
      required_pull_request_reviews: { required_approving_review_count: 2 },
    });
    expect(branchProtectionPolicy(c, 'o', 'x', 'main').required_pull_request_reviews).toEqual({ required_approving_review_count: 1 });
    expect(branchProtectionPolicy(c, 'p', 'x', 'main').required_status_checks).toEqual({ contexts: ['global'], strict: false });
  });
});
