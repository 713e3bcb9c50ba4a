// plugins.yaml for the status-override and merge-blocker plugins, as checkconfig --strict sees it: every documented
// option is known, a misspelt one is an error at its path, and bad regexps, durations and rules are errors with
// their paths (upstream's messages where upstream has one).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { inspectConfig } from '../../../src/config/load.js';
import { PLUGIN_REGISTRY } from '../../../plugins/index.js';
import { REFERENCE_DIR } from '../config/temp.js';

const SECTIONS = ['blockades', 'dco', 'invalid_commit_msg', 'override', 'release_note', 'require_matching_label'];
const ENABLED = 'plugins:\n  org: [release-note, require-matching-label, mergecommitblocker, invalidcommitmsg, blockade, dco, cla, merge-method-comment, testfreeze, skip, override]\n';

const dir = mkdtempSync(path.join(os.tmpdir(), 'blockers-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function problems(yaml: string): Promise<string[]> {
  const file = path.join(dir, `plugins-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, yaml);
  const r = await inspectConfig({ pluginConfig: file }, { plugins: PLUGIN_REGISTRY, strict: true });
  return r.problems.filter((p) => p.severity === 'error').map((p) => `${p.path}: ${p.message}`);
}

describe('checkconfig --strict on these plugins\' sections', () => {
  it('knows every option of the documented plugins.yaml for them', async () => {
    const r = await inspectConfig({ pluginConfig: path.join(REFERENCE_DIR, 'plugin-config-documented.yaml') }, { plugins: PLUGIN_REGISTRY, strict: true });
    const structural = r.problems.filter((p) => (p.kind === 'unknown-field' || p.kind === 'schema') && SECTIONS.some((s) => p.path?.startsWith(s)));
    expect(structural).toEqual([]);
  });

  it('accepts every option with real values', async () => {
    expect(await problems(`${ENABLED}
blockades:
- repos: [org, org/repo]
  branchregexp: ^release-.*$
  blockregexps: ['^docs/', '(?i)\\.md$']
  exceptionregexps: ['^docs/keep/']
  explanation: Docs moved
dco:
  '*': {skip_dco_check_for_members: true}
  org/repo:
    skip_dco_check_for_members: true
    skip_dco_check_for_collaborators: true
    trusted_org: other
    trusted_apps: [dependabot]
    contributing_repo: org/community
    contributing_branch: main
    contributing_path: docs/CONTRIBUTING.md
invalid_commit_msg:
- repos: [org/repo]
  checks: [{name: issueClosingKeywords, disabled: true}]
override:
  allow_top_level_owners: true
  allowed_github_teams: {org: [admins], org/repo: [release-managers]}
release_note:
  guidelines_url: https://example.com/notes
require_matching_label:
- org: org
  repo: repo
  branch: main
  prs: true
  issues: true
  regexp: ^kind/
  missing_label: needs-kind
  missing_comment: Please add a kind.
  grace_period: 10s
`)).toEqual([]);
  });

  it('rejects a misspelt option in each section, at its path', async () => {
    const errors = await problems(`${ENABLED}
blockades: [{repos: [org], blockregexp: [x]}]
dco: {org: {skip_dco_check_for_member: true}}
invalid_commit_msg: [{repos: [org], check: []}]
override: {allow_top_level_owner: true}
release_note: {guideline_url: x}
require_matching_label: [{org: org, prs: true, regexp: x, missing_label: y, gracePeriod: 5s}]
`);
    expect(errors).toEqual(expect.arrayContaining([
      'blockades[0].blockregexp: unknown field "blockregexp"',
      'dco.org.skip_dco_check_for_member: unknown field "skip_dco_check_for_member"',
      'invalid_commit_msg[0].check: unknown field "check"',
      'override.allow_top_level_owner: unknown field "allow_top_level_owner"',
      'release_note.guideline_url: unknown field "guideline_url"',
      'require_matching_label[0].gracePeriod: unknown field "gracePeriod"',
    ]));
  });

  it('reports regexps that do not compile, durations and rules upstream refuses, each with its path', async () => {
    const errors = await problems(`${ENABLED}
blockades:
- repos: [org]
  branchregexp: 'release-(\\d+'
  blockregexps: ['^ok/', '(?<=x)y']
  exceptionregexps: ['[z-a]']
require_matching_label:
- org: org
  issues: true
  branch: main
  regexp: '^kind/('
  missing_label: needs-kind
  grace_period: 5d
- repo: a/b
  prs: true
  regexp: ^needs-
  missing_label: needs-kind
- org: org
`);
    const at = (p: string): string[] => errors.filter((e) => e.startsWith(`${p}: `));
    expect(at('blockades[0].branchregexp')).toHaveLength(1);
    expect(at('blockades[0].blockregexps[1]')).toHaveLength(1);
    expect(at('blockades[0].blockregexps[0]')).toEqual([]);
    expect(at('blockades[0].exceptionregexps[0]')).toHaveLength(1);
    expect(at('require_matching_label[0].regexp')).toHaveLength(1);
    expect(at('require_matching_label[0].grace_period')).toEqual([expect.stringContaining('5d')]);
    expect(errors).toEqual(expect.arrayContaining([
      "require_matching_label[0].branch: branch cannot be specified without `prs: true'",
      "require_matching_label[1].org: must specify 'org'",
      "require_matching_label[1].repo: 'repo' may not contain '/'; specify the organization with 'org'",
      "require_matching_label[1].regexp: 'regexp' must not match 'missing_label'",
      "require_matching_label[2].regexp: must specify 'regexp'",
      "require_matching_label[2].missing_label: must specify 'missing_label'",
      "require_matching_label[2]: must specify 'prs: true' and/or 'issues: true'",
    ]));
  });

  it('defaults grace_period to upstream\'s 5s', async () => {
    const file = path.join(dir, 'grace.yaml');
    writeFileSync(file, `${ENABLED}require_matching_label: [{org: org, prs: true, regexp: ^kind/, missing_label: needs-kind}]\n`);
    const r = await inspectConfig({ pluginConfig: file }, { plugins: PLUGIN_REGISTRY, strict: true });
    expect((r.plugins.require_matching_label as { grace_period?: string }[])[0]?.grace_period).toBe('5s');
  });
});
