// bugzilla's plugins.yaml section: checkconfig --strict knows every documented option and reports a misspelt one at
// its path; options resolve through default → org → repo and `*` → branch as upstream's; the help text and the
// validation reasons are upstream's words; which PR events are handled (upstream's digestPR).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { inspectConfig } from '../../../src/config/load.js';
import { PLUGIN_REGISTRY } from '../../../plugins/index.js';
import { describeRepo, optionsForBranch, optionsForRepo, resolveOptions, type BranchOptions, type BugzillaSettings, type ResolvedOptions } from '../../../plugins/bugzilla/options.js';
import { asBugUpdate, bugIdFromTitle, isBugAllowed, retitle, severityLabel, validateBug } from '../../../plugins/bugzilla/validate.js';
import type { Bug } from '../../../src/bugzilla/bug.js';
import type { PullRequestEvent } from '../../../src/github/events.js';
import { digestPR } from '../../../plugins/bugzilla/index.js';
import type { BugEvent } from '../../../plugins/bugzilla/handle.js';
import { REFERENCE_DIR } from '../config/temp.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'bugzilla-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function problems(yaml: string, severity: 'error' | 'warning' = 'error'): Promise<string[]> {
  const file = path.join(dir, `plugins-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `plugins:\n  org: [bugzilla]\n${yaml}`);
  const r = await inspectConfig({ pluginConfig: file }, { plugins: PLUGIN_REGISTRY, strict: true });
  return r.problems.filter((p) => p.severity === severity).map((p) => `${p.path}: ${p.message}`);
}

const EVERY_OPTION = `
      exclude_defaults: false
      enable_backporting: true
      validate_by_default: true
      is_open: true
      target_release: '4.2'
      statuses: [NEW]
      valid_states: [{status: MODIFIED}, {status: CLOSED, resolution: ERRATA}]
      dependent_bug_statuses: [NEW]
      dependent_bug_states: [{status: MODIFIED}]
      dependent_bug_target_releases: ['4.3']
      status_after_validation: POST
      state_after_validation: {status: POST}
      add_external_link: true
      status_after_merge: MODIFIED
      state_after_merge: {status: MODIFIED, resolution: FIXED}
      state_after_close: {status: NEW}
      allowed_groups: [public]`;

describe('checkconfig --strict on bugzilla', () => {
  it('knows every option of the documented plugins.yaml', async () => {
    const r = await inspectConfig({ pluginConfig: path.join(REFERENCE_DIR, 'plugin-config-documented.yaml') }, { plugins: PLUGIN_REGISTRY, strict: true });
    expect(r.problems.filter((p) => (p.kind === 'unknown-field' || p.kind === 'schema') && p.path?.startsWith('bugzilla'))).toEqual([]);
  });

  it('accepts every option at every level', async () => {
    const yaml = `bugzilla:\n  default:\n    '*':${EVERY_OPTION}\n  orgs:\n    org:\n      default:\n        '*':${EVERY_OPTION.replace(/\n {6}/g, '\n          ')}\n      repos:\n        repo:\n          branches:\n            main:${EVERY_OPTION.replace(/\n {6}/g, '\n              ')}\n`;
    expect(await problems(yaml)).toEqual([]);
  });

  it.each([
    ['bugzilla:\n  default:\n    \'*\': {is_opn: true}\n', 'bugzilla.default["*"].is_opn: unknown field "is_opn"'],
    ['bugzilla:\n  orgs:\n    org:\n      repos:\n        repo:\n          branches:\n            main: {valid_states: [{state: NEW}]}\n', 'bugzilla.orgs.org.repos.repo.branches.main.valid_states[0].state: unknown field "state"'],
    ['bugzilla:\n  orgs:\n    org:\n      branches: {}\n', 'bugzilla.orgs.org.branches: unknown field "branches"'],
  ])('rejects a misspelt field: %#', async (yaml, message) => {
    expect(await problems(yaml)).toEqual([expect.stringContaining(message)]);
  });

  it('warns about the deprecated dependent_bug_target_release', async () => {
    expect(await problems("bugzilla:\n  default:\n    '*': {dependent_bug_target_release: '4.1'}\n", 'warning')).toEqual([
      expect.stringContaining('bugzilla.default["*"].dependent_bug_target_release: deprecated: use dependent_bug_target_releases instead'),
    ]);
  });
});

const yes = true;
describe('bugzilla options', () => {
  it.each<[string, BranchOptions, BranchOptions, ResolvedOptions]>([
    ['child fields win', { is_open: true, target_release: '1' }, { target_release: '2' }, { is_open: true, target_release: '2' }],
    ['exclude_defaults drops the parent', { is_open: true, allowed_groups: ['a'] }, { exclude_defaults: yes, target_release: '2' }, { exclude_defaults: true, target_release: '2' }],
    ['allowed groups are united and sorted', { allowed_groups: ['b', 'a'] }, { allowed_groups: ['c', 'a'] }, { allowed_groups: ['a', 'b', 'c'] }],
    ['statuses fold into sorted states', {}, { statuses: ['NEW', 'ASSIGNED'], valid_states: [{ status: 'CLOSED', resolution: 'ERRATA' }] },
      { valid_states: [{ status: 'ASSIGNED' }, { status: 'CLOSED', resolution: 'ERRATA' }, { status: 'NEW' }] }],
    ["a child's statuses replace the parent's states", { valid_states: [{ status: 'X' }] }, { statuses: ['NEW'] }, { valid_states: [{ status: 'NEW' }] }],
    ['status_after_* become states', { status_after_validation: 'POST' }, { status_after_merge: 'MODIFIED' }, { state_after_validation: { status: 'POST' }, state_after_merge: { status: 'MODIFIED' } }],
    ["a child's state_after_* wins over its own status_after_*", {}, { status_after_merge: 'A', state_after_merge: { status: 'B' } }, { state_after_merge: { status: 'B' } }],
    ['the deprecated dependent release is appended', {}, { dependent_bug_target_releases: ['1'], dependent_bug_target_release: '2' }, { dependent_bug_target_releases: ['1', '2'] }],
    ['the deprecated dependent release alone replaces the parent\'s', { dependent_bug_target_releases: ['0'] }, { dependent_bug_target_release: '2' }, { dependent_bug_target_releases: ['2'] }],
  ])('%s', (_name, parent, child, want) => {
    expect(resolveOptions(parent, child)).toEqual(want);
  });

  const bz: BugzillaSettings = {
    default: { '*': { is_open: true, target_release: 'global' }, 'release-1': { target_release: 'r1' } },
    orgs: {
      org: {
        default: { '*': { state_after_merge: { status: 'MODIFIED' } } },
        repos: { repo: { branches: { '*': { add_external_link: true }, 'release-1': { exclude_defaults: true, is_open: false } } } },
      },
    },
  };

  it.each<[string, string, string, ResolvedOptions]>([
    ['other', 'x', 'main', { is_open: true, target_release: 'global' }],
    ['other', 'x', 'release-1', { is_open: true, target_release: 'r1' }],
    ['org', 'other', 'main', { is_open: true, target_release: 'global', state_after_merge: { status: 'MODIFIED' } }],
    ['org', 'repo', 'main', { is_open: true, target_release: 'global', state_after_merge: { status: 'MODIFIED' }, add_external_link: true }],
    // exclude_defaults drops the repo's own wildcard too, as upstream's.
    ['org', 'repo', 'release-1', { exclude_defaults: true, is_open: false }],
  ])('%s/%s on %s', (org, repo, branch, want) => {
    expect(optionsForBranch(bz, org, repo, branch)).toEqual(want);
  });

  it('lists per repo only the branches that differ from the wildcard, and describes them as upstream', () => {
    expect(Object.keys(optionsForRepo(bz, 'org', 'repo')).sort()).toEqual(['*', 'release-1']);
    expect(describeRepo({ default: { '*': { is_open: true, target_release: '4.2', valid_states: [{ status: 'NEW' }], state_after_validation: { status: 'POST' }, add_external_link: true } } }, 'o', 'r')).toBe(
      'The plugin has the following configuration:<ul>\n<li>by default, valid bugs must be open, target the "4.2" release, and be in one of the following states: NEW. After being linked to a pull request, bugs will be moved to the POST state and updated to refer to the pull request using the external bug tracker.</li>\n</ul>',
    );
    expect(describeRepo({}, 'o', 'r')).toBeUndefined();
  });
});

describe('bugzilla validation', () => {
  const bug = (b: Partial<Bug>): Bug => ({ id: 1, status: 'NEW', ...b });
  const ep = 'https://bz';

  it.each([
    ['Bug 123: fix', 123], ['bug   7: x', 7], ['[release-4.1] Bug 9: y', 9], ['Bug 12 no colon', undefined], ['nothing', undefined],
  ])('the title %j names bug %j', (title, id) => {
    expect(bugIdFromTitle(title)).toBe(id);
  });

  it('retitles to a clone', () => {
    expect(retitle('[release-4.1] Bug 1: fix', 1, 1000)).toBe('[release-4.1] Bug 1000: fix');
    expect(retitle('no bug', 1, 2)).toBeUndefined();
  });

  it.each([['urgent', 'bugzilla/severity-urgent'], ['medium', 'bugzilla/severity-medium'], ['unspecified', 'bugzilla/severity-unspecified'], ['weird', ''], [undefined, '']])(
    'severity %j gets %j', (sev, label) => expect(severityLabel(sev)).toBe(label),
  );

  it('allows a bug only when all its groups are allowed', () => {
    expect(isBugAllowed(bug({ groups: ['a'] }), [])).toBe(true);
    expect(isBugAllowed(bug({ groups: ['a'] }), ['a', 'b'])).toBe(true);
    expect(isBugAllowed(bug({ groups: ['a', 'c'] }), ['a', 'b'])).toBe(false);
  });

  it('updates only what differs', () => {
    expect(asBugUpdate({ status: 'POST' }, bug({ status: 'POST' }))).toBeUndefined();
    expect(asBugUpdate({ status: 'CLOSED', resolution: 'ERRATA' }, bug({ status: 'CLOSED' }))).toEqual({ resolution: 'ERRATA' });
    expect(asBugUpdate({ status: 'MODIFIED' }, undefined)).toEqual({ status: 'MODIFIED' });
  });

  it('checks dependents: states, target releases, and that there are some', () => {
    const o: ResolvedOptions = { dependent_bug_states: [{ status: 'MODIFIED' }], dependent_bug_target_releases: ['4.3'] };
    expect(validateBug(bug({}), [], o, ep).errors).toEqual([
      'expected [Bugzilla bug 1](https://bz/show_bug.cgi?id=1) to depend on a bug targeting a release in 4.3 and in one of the following states: MODIFIED, but no dependents were found',
    ]);
    const v = validateBug(bug({}), [bug({ id: 2, status: 'NEW', target_release: ['4.3'] }), bug({ id: 3, status: 'MODIFIED' })], o, ep);
    expect(v.valid).toBe(false);
    expect(v.errors).toEqual([
      'expected dependent [Bugzilla bug 2](https://bz/show_bug.cgi?id=2) to be in one of the following states: MODIFIED, but it is NEW instead',
      'expected dependent [Bugzilla bug 3](https://bz/show_bug.cgi?id=3) to target a release in 4.3, but no target release was set',
    ]);
    expect(v.validations).toEqual([
      'dependent bug [Bugzilla bug 3](https://bz/show_bug.cgi?id=3) is in the state MODIFIED, which is one of the valid states (MODIFIED)',
      'dependent [Bugzilla bug 2](https://bz/show_bug.cgi?id=2) targets the "4.3" release, which is one of the valid target releases: 4.3',
      'bug has dependents',
    ]);
  });

  it('a closed bug is valid where is_open is false, and no options at all mean no validations', () => {
    expect(validateBug(bug({ is_open: false }), [], { is_open: false }, ep)).toEqual({ valid: true, errors: [], validations: ["bug isn't open, matching expected state (not open)"] });
    expect(validateBug(bug({ is_open: true }), [], { is_open: false }, ep).errors).toEqual(['expected the bug to not be open, but it is']);
    expect(validateBug(bug({}), [], {}, ep)).toEqual({ valid: true, errors: [], validations: [] });
  });
});

describe('bugzilla PR events', () => {
  const event = (action: string, title: string, extra: { body?: string; merged?: boolean; from?: string } = {}): PullRequestEvent => ({
    action, number: 3, repository: { name: 'repo', owner: { login: 'org' } }, ...(extra.from !== undefined ? { changes: { title: { from: extra.from } } } : {}),
    pull_request: {
      number: 3, html_url: 'https://github.com/org/repo/pull/3', title, body: extra.body ?? '', state: action === 'closed' ? 'closed' : 'open', merged: extra.merged ?? false,
      user: { login: 'alice' }, labels: [], base: { ref: 'main', sha: 'b', repo: { name: 'repo', owner: { login: 'org' } } }, head: { ref: 'x', sha: 'h' },
    },
  }) as unknown as PullRequestEvent;
  it.each<[string, PullRequestEvent, boolean, Partial<BugEvent> | undefined]>([
    ['labeled is ignored', event('labeled', 'Bug 1: x'), false, undefined],
    ['opened naming a bug', event('opened', 'Bug 1: x'), false, { bugId: 1, opened: true }],
    ['opened naming none', event('opened', 'x'), false, undefined],
    ['opened naming none, validate_by_default', event('opened', 'x'), true, { bugId: undefined }],
    ['retitled to another bug', event('edited', 'Bug 2: x', { from: 'Bug 1: x' }), false, { bugId: 2 }],
    ['retitled keeping the bug', event('edited', 'Bug 1: y', { from: 'Bug 1: x' }), false, undefined],
    ['retitled to no bug', event('edited', 'y', { from: 'Bug 1: x' }), false, { bugId: undefined }],
    ['closed unmerged', event('closed', 'Bug 1: x'), false, { closed: true, merged: false }],
    ['merged', event('closed', 'Bug 1: x', { merged: true }), false, { closed: true, merged: true }],
    ['an opened automated cherry-pick', event('opened', '[r] Bug 1: x', { body: 'This is an automated cherry-pick of #2\n\n/assign a' }), false, { cherrypickOf: 2 }],
    ['an edited automated cherry-pick is a PR like any other', event('edited', '[r] Bug 1: x', { body: 'This is an automated cherry-pick of #2', from: 'x' }), false, { bugId: 1 }],
  ])('%s', (_name, pe, byDefault, want) => {
    const got = digestPR(pe, byDefault);
    if (want === undefined) expect(got).toBeUndefined();
    else expect(got).toMatchObject(want);
    if (want && !('cherrypickOf' in want)) expect(got?.cherrypickOf).toBeUndefined();
  });
});
