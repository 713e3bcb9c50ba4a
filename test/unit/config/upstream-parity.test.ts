// A corpus of configs, each with the outcome upstream's checkconfig gives for it (fixtures/parity/<case>/expect.json,
// recorded by running upstream's binary built from sigs.k8s.io/prow, see DEVELOPERS notes in the README):
// exit code, error texts, and the names of the warnings reported. Every case runs our checkconfig the same way
// (with the case's config.yaml, and its jobs/, plugins.yaml and supplemental-plugins/ where it has them).
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCheckconfig, type CheckconfigOptions } from '../../../src/cli/checkconfig.js';
import { formatProblem } from '../../../src/config/errors.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'parity');
const cases = readdirSync(dir).sort();

/** Upstream knows every plugin; so does this corpus, whatever plugins this build has. */
const UPSTREAM_PLUGINS = [
  'approve', 'assign', 'blockade', 'blunderbuss', 'bugzilla', 'buildifier', 'cat', 'cherry-pick-approved', 'cherry-pick-unapproved',
  'cla', 'config-updater', 'dco', 'dog', 'golint', 'goose', 'heart', 'help', 'hold', 'invalidcommitmsg', 'jira', 'label', 'lgtm',
  'lifecycle', 'merge-method-comment', 'milestone', 'milestoneapplier', 'milestonestatus', 'mergecommitblocker', 'override',
  'owners-label', 'pony', 'project', 'project-manager', 'release-note', 'require-matching-label', 'require-sig', 'retitle',
  'shrug', 'sigmention', 'size', 'skip', 'slackevents', 'stage', 'testfreeze', 'transfer-issue', 'trick-or-treat', 'trigger',
  'updateconfig', 'verify-owners', 'welcome', 'wip', 'yuks',
];

interface Expectation {
  args?: Partial<CheckconfigOptions>;
  exit: number;
  /** Each is contained in one error line (`file: path: message`). */
  errors: string[];
  errorCount?: number;
  /** The warning names reported, sorted, once each. */
  warnings: string[];
  /** Each is contained in one warning's message. */
  messages?: string[];
  /** How many warnings in all. */
  warningCount?: number;
}

describe('checkconfig matches upstream on the parity corpus (fixtures/parity)', () => {
  it('has the cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  it.each(cases)('%s', async (name) => {
    const base = path.join(dir, name);
    const want = JSON.parse(readFileSync(path.join(base, 'expect.json'), 'utf8')) as Expectation;
    const r = await runCheckconfig({
      configPath: path.join(base, 'config.yaml'),
      jobConfigPath: existsSync(path.join(base, 'jobs')) ? path.join(base, 'jobs') : undefined,
      pluginConfig: existsSync(path.join(base, 'plugins.yaml')) ? path.join(base, 'plugins.yaml') : undefined,
      supplementalPluginConfigDir: existsSync(path.join(base, 'supplemental-plugins')) ? [path.join(base, 'supplemental-plugins')] : undefined,
      plugins: { names: UPSTREAM_PLUGINS, sections: [] },
      ...want.args,
    });
    const errors = r.problems.filter((p) => p.severity === 'error').map(formatProblem);
    const warnings = r.problems.filter((p) => p.severity === 'warning');
    expect({ exit: r.errors > 0 ? 1 : 0, errors }).toEqual(expect.objectContaining({ exit: want.exit }));
    for (const e of want.errors) expect({ want: e, errors }).toEqual({ want: e, errors: expect.arrayContaining([expect.stringContaining(e)]) });
    if (want.errorCount !== undefined) expect(errors).toHaveLength(want.errorCount);
    expect([...new Set(warnings.map((w) => w.warning ?? '(untagged)'))].sort()).toEqual(want.warnings);
    const messages = warnings.map((w) => w.message);
    for (const m of want.messages ?? []) expect({ want: m, messages }).toEqual({ want: m, messages: expect.arrayContaining([expect.stringContaining(m)]) });
    if (want.warningCount !== undefined) expect(messages).toHaveLength(want.warningCount);
  });
});
