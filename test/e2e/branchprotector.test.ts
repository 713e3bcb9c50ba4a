// `prow branchprotector` through the built binary against the fake GitHub: dry run by default, --confirm applies
// the resolved policy with required presubmits' contexts, a second run changes nothing, protect: false removes
// protection, `exclude` and `unmanaged` are left alone, and a policy error or a policy GitHub rejects is reported
// with nothing half-applied.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toYaml } from '../../src/config/yaml.js';
import { FakeGitHub } from '../fakes/github/index.js';
import { githubArgs, runProw } from './subcommand.js';

jest.setTimeout(120_000);

describe('prow branchprotector', () => {
  let gh: FakeGitHub;
  let tmp: string;
  let token: string;

  const spec = { containers: [{ image: 'alpine', command: ['true'] }] };
  const jobs = {
    presubmits: {
      'acme/widgets': [
        { name: 'unit', always_run: true, spec },
        { name: 'lint', always_run: true, optional: true, spec },
        { name: 'docs', run_if_changed: '^docs/', spec },
        { name: 'release-only', always_run: true, branches: ['^release-'], spec },
      ],
    },
  };

  const write = (name: string, content: unknown): string => {
    const p = path.join(tmp, name);
    writeFileSync(p, toYaml(content));
    return p;
  };
  const run = (config: unknown, ...extra: string[]) =>
    runProw(['branchprotector', `--config-path=${write('config.yaml', config)}`, `--job-config-path=${write('jobs.yaml', jobs)}`, ...githubArgs(gh, token), ...extra]);

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'e2e-branchprotector-'));
    token = path.join(tmp, 'token');
    writeFileSync(token, 'bp-token');
    gh = await FakeGitHub.start();
    gh.addOrg('acme', { members: ['alice'] });
    gh.addTeam('acme', 'Oncall', { slug: 'oncall' });
    await gh.createRepo('acme', 'widgets', { files: { 'README.md': 'w\n' }, defaultBranch: 'main' });
    await gh.createRepo('acme', 'gadgets', { files: { 'README.md': 'g\n' }, defaultBranch: 'main' });
    await gh.createRepo('acme', 'legacy', { files: { 'README.md': 'l\n' }, defaultBranch: 'main', archived: true });
    for (const b of ['release-1.0', 'scratch-x']) await gh.pushCommit('acme', 'widgets', b, { [`${b}.txt`]: b });
  });

  afterAll(async () => {
    await gh.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  const policy = {
    'branch-protection': {
      orgs: {
        acme: {
          protect: true,
          required_status_checks: { contexts: ['cla'] },
          required_pull_request_reviews: { required_approving_review_count: 1 },
          restrictions: { teams: ['oncall'] },
          repos: {
            widgets: { exclude: ['^scratch-'], branches: { 'release-1.0': { enforce_admins: true } } },
            gadgets: { unmanaged: true },
          },
        },
      },
    },
  };

  it('prints what it would change without --confirm, and changes nothing', async () => {
    const r = await run(policy);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('would acme/widgets=main: protect (required contexts: cla, unit)');
    expect(r.stdout).toContain('would acme/widgets=release-1.0: protect (required contexts: cla, release-only, unit)');
    expect(r.stdout).toMatch(/dry run \(pass --confirm to apply\): 2 to protect, 0 to unprotect, 0 unchanged/);
    expect(gh.requestsTo('PUT', /\/protection$/)).toEqual([]);
  });

  it('applies the policy with --confirm; a second run finds nothing to change', async () => {
    const r = await run(policy, '--confirm');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('branchprotector: 2 protected, 0 unprotected, 0 unchanged, 0 failed');
    const main = gh.state.repo('acme', 'widgets').protection.get('main')!;
    expect(main).toMatchObject({
      required_status_checks: { strict: false, contexts: ['cla', 'unit'] },
      enforce_admins: false,
      required_pull_request_reviews: { required_approving_review_count: 1 },
      restrictions: { users: [], teams: ['oncall'] },
    });
    expect(gh.state.repo('acme', 'widgets').protection.get('release-1.0')).toMatchObject({ enforce_admins: true });
    expect(gh.state.repo('acme', 'widgets').protection.has('scratch-x')).toBe(false);
    expect(gh.state.repo('acme', 'gadgets').protection.size).toBe(0);
    expect(gh.state.repo('acme', 'legacy').protection.size).toBe(0);

    const puts = gh.requestsTo('PUT', /\/protection$/).length;
    const again = await run(policy, '--confirm');
    expect(again.stdout).toContain('branchprotector: 0 protected, 0 unprotected, 2 unchanged, 0 failed');
    expect(gh.requestsTo('PUT', /\/protection$/).length).toBe(puts);
  });

  it('removes protection where the policy turns it off', async () => {
    const off = { 'branch-protection': { orgs: { acme: { repos: { widgets: { protect: false, exclude: ['^scratch-'], branches: { 'release-1.0': { protect: true } } } } } } } };
    const noJobs = await runProw(['branchprotector', `--config-path=${write('config.yaml', { ...off, 'branch-protection': { ...off['branch-protection'], allow_disabled_job_policies: true } })}`, ...githubArgs(gh, token), '--confirm']);
    expect(noJobs.code).toBe(0);
    expect(noJobs.stdout).toContain('acme/widgets=main: remove protection');
    expect(gh.state.repo('acme', 'widgets').protection.has('main')).toBe(false);
    expect(gh.state.repo('acme', 'widgets').protection.has('release-1.0')).toBe(true);
  });

  it('refuses a policy error before changing anything', async () => {
    const before = gh.requestsTo('PUT', /\/protection$/).length + gh.requestsTo('DELETE', /\/protection$/).length;
    // widgets has required jobs, so protect: false there is an error (no allow_disabled_job_policies).
    const bad = { 'branch-protection': { orgs: { acme: { protect: true, repos: { widgets: { protect: false } } } } } };
    const r = await run(bad, '--confirm');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error: acme/widgets=main: has required jobs (unit) but protect: false: required prow jobs require branch protection');
    expect(r.stdout).toContain('policy error(s); nothing changed');
    expect(gh.requestsTo('PUT', /\/protection$/).length + gh.requestsTo('DELETE', /\/protection$/).length).toBe(before);
  });

  it('reports a policy GitHub rejects and leaves that branch as it was', async () => {
    const rejected = { 'branch-protection': { orgs: { acme: { repos: { widgets: { protect: true, exclude: ['^scratch-'], restrictions: { teams: ['no-such-team'] } } } } } } };
    const kept = gh.state.repo('acme', 'widgets').protection.get('release-1.0');
    const r = await run(rejected, '--confirm');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error: acme\/widgets=main: GitHub rejected the change, left as it was: .*No team found with slug no-such-team/);
    expect(gh.state.repo('acme', 'widgets').protection.has('main')).toBe(false);
    expect(gh.state.repo('acme', 'widgets').protection.get('release-1.0')).toEqual(kept);
  });

  it('says how to configure GitHub access when there is none', async () => {
    const r = await runProw(['branchprotector', `--config-path=${write('config.yaml', policy)}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--github-token-path');
  });
});
