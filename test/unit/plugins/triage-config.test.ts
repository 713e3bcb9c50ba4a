// checkconfig --strict on the triage plugins' sections of plugins.yaml: every option upstream documents for them is
// accepted, a misspelt one is an error with its file and path, and the semantic checks report as upstream.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { parseConfigYaml, toYaml } from '../../../src/config/yaml.js';
import { runCheckconfig } from '../../../src/cli/checkconfig.js';
import { REFERENCE_DIR, TempDir } from '../config/temp.js';

const PLUGINS = ['label', 'lifecycle', 'size', 'help', 'retitle', 'milestone', 'milestonestatus', 'milestoneapplier', 'stage'];
// project_config belongs to the project plugin (tested in projects.test.ts); its documented options pass here too.
const SECTIONS = ['label', 'help', 'retitle', 'repo_milestone', 'milestone_applier', 'project_config'];

let tmp: TempDir | undefined;
afterEach(() => tmp?.cleanup());

/** `prow checkconfig --plugin-config plugins.yaml [--strict]` on `doc`, the triage plugins enabled for `org`. */
async function check(doc: Record<string, unknown>, strict = true): Promise<{ file: string; errors: string[]; warnings: string[] }> {
  tmp = new TempDir();
  const file = tmp.write('plugins.yaml', toYaml({ plugins: { org: PLUGINS }, ...doc }));
  const r = await runCheckconfig({ pluginConfig: file, strict });
  const fmt = (p: { file?: string; path?: string; message: string }): string => `${p.path}: ${p.message}`;
  expect(r.problems.every((p) => p.file === file)).toBe(true);
  return { file, errors: r.problems.filter((p) => p.severity === 'error').map(fmt), warnings: r.problems.filter((p) => p.severity === 'warning').map(fmt) };
}

describe('triage plugins in plugins.yaml', () => {
  it('accepts every documented option of their sections, with upstream\'s shapes filled in', async () => {
    const documented = parseConfigYaml(readFileSync(path.join(REFERENCE_DIR, 'plugin-config-documented.yaml'), 'utf8')) as Record<string, unknown>;
    const doc: Record<string, unknown> = Object.fromEntries(SECTIONS.map((k) => [k, documented[k]]));
    expect(Object.values(doc).every((v) => v !== undefined)).toBe(true);
    // What the documented file leaves null or out: a restricted label in full, a branch → milestone map, size.
    doc.label = {
      ...(doc.label as object),
      restricted_labels: { '*': [{ label: 'lgtm', allowed_teams: ['reviewers'], allowed_users: ['alice'], assign_on: [{ label: 'approved' }] }] },
    };
    doc.milestone_applier = { 'org/repo': { main: 'v1.20', 'release-1.19': 'v1.19' } };
    doc.repo_milestone = { ...(doc.repo_milestone as object), 'org/repo': { maintainers_team: 'release', maintainers_friendly_name: 'managers' } };
    doc.size = { s: 10, m: 30, l: 100, xl: 500, xxl: 1000 };
    const r = await check(doc);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  it.each([
    [{ label: { additional_label: ['x'] } }, 'label.additional_label: unknown field "additional_label"'],
    [{ label: { restricted_labels: { '*': [{ label: 'x', allowed_team: ['t'] }] } } }, 'label.restricted_labels["*"][0].allowed_team: unknown field "allowed_team"'],
    [{ label: { restricted_labels: { '*': [{ label: 'x', assign_on: [{ label: 'approved', lable: 'lgtm' }] }] } } }, 'label.restricted_labels["*"][0].assign_on[0].lable: unknown field "lable"'],
    [{ help: { help_guidelines_link: 'x' } }, 'help.help_guidelines_link: unknown field "help_guidelines_link"'],
    [{ retitle: { allow_closed_issue: true } }, 'retitle.allow_closed_issue: unknown field "allow_closed_issue"'],
    [{ repo_milestone: { 'org/repo': { maintainer_team: 'x' } } }, 'repo_milestone["org/repo"].maintainer_team: unknown field "maintainer_team"'],
    [{ size: { xs: 1 } }, 'size.xs: unknown field "xs"'],
  ])('rejects a misspelt option under --strict (a warning without): %j', async (doc, want) => {
    expect((await check(doc)).errors).toContain(want);
    const lax = await check(doc, false);
    expect([lax.errors, lax.warnings]).toEqual([[], [want]]);
  });

  it('checks thresholds and duplicate restricted labels; the deprecated maintainers_id passes --strict, as upstream', async () => {
    const r = await check({
      size: { s: 50, m: 40 },
      label: { restricted_labels: { org: [{ label: 'Foo' }, { label: 'foo' }] } },
      repo_milestone: { '': { maintainers_id: 12 } },
    });
    expect(r.errors).toEqual(expect.arrayContaining([
      'size: size thresholds must increase: s < m < l < xl < xxl',
      'label.restricted_labels.org[1].label: there are multiple label.restricted_labels configs for label foo',
    ]));
    expect(r.errors).toHaveLength(2);
    expect(r.warnings).toEqual([]);
  });
});
