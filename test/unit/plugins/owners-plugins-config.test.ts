// The plugins.yaml sections approve and blunderbuss own: unknown fields under --strict, their checks, and the
// settings each repo resolves to (upstream's defaults).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { inspectConfig } from '../../../src/config/load.js';
import { PLUGIN_REGISTRY } from '../../../plugins/index.js';
import { approve } from '../../../plugins/approve/index.js';
import { blunderbuss } from '../../../plugins/blunderbuss/index.js';

async function inspect(text: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'owners-plugins-'));
  try {
    const file = path.join(dir, 'plugins.yaml');
    writeFileSync(file, text);
    const r = await inspectConfig({ pluginConfig: file }, { plugins: PLUGIN_REGISTRY, strict: true });
    return { errors: r.problems.filter((p) => p.severity === 'error').map((p) => `${p.path}: ${p.message}`), plugins: r.plugins };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('approve and blunderbuss config', () => {
  it('reports unknown fields, a repo in two approve entries and a request_count below 1', async () => {
    const { errors } = await inspect('plugins:\n  o: [approve, blunderbuss]\napprove:\n- repos: [o]\n  issue_requird: true\n- repos: [o]\nblunderbuss:\n  request_count: 0\n  max_reqest_count: 3\n');
    expect(errors).toEqual(expect.arrayContaining([
      'approve[0].issue_requird: unknown field "issue_requird"',
      'approve[1].repos: o is configured in both approve[0] and approve[1]',
      'blunderbuss.max_reqest_count: unknown field "max_reqest_count"',
      'blunderbuss.request_count: invalid request_count: 0 (needs to be positive)',
    ]));
  });

  it('fills in upstream\'s wait_for_status defaults and reports a description that is no regular expression', async () => {
    const ok = await inspect('plugins:\n  o: [blunderbuss]\nblunderbuss:\n  wait_for_status: {}\n');
    expect(ok.errors).toEqual([]);
    expect(ok.plugins.blunderbuss).toMatchObject({ wait_for_status: {
      context: 'tide', state: 'pending', description: 'Not mergeable. (PullRequest is missing sufficient approving GitHub review\\(s\\)|Needs (lgtm|approved|approved, lgtm) labels?)\\.?',
    } });
    const bad = await inspect('plugins:\n  o: [blunderbuss]\nblunderbuss:\n  wait_for_status:\n    description: "Needs (lgtm"\n');
    expect(bad.errors).toEqual([expect.stringMatching(/^blunderbuss\.wait_for_status\.description: failed to compile blunderbuss wait for context description regular expression: "Needs \(lgtm", error: /)]);
  });

  it('resolves upstream\'s defaults, and the org/repo entry over the org\'s', async () => {
    const { errors, plugins } = await inspect('plugins:\n  o: [approve, blunderbuss]\napprove:\n- repos: [o]\n  lgtm_acts_as_approve: true\n- repos: [o/special]\n  require_self_approval: true\n  ignore_review_state: true\n');
    expect(errors).toEqual([]);
    expect(approve.settingsFor(plugins, { org: 'o', repo: 'r' })).toEqual({
      issueRequired: false, selfApproval: true, lgtmActsAsApprove: true, reviewActsAsApprove: true,
      commandHelpLink: 'https://go.k8s.io/bot-commands', prProcessLink: 'https://git.k8s.io/community/contributors/guide/owners.md#the-code-review-process',
    });
    expect(approve.settingsFor(plugins, { org: 'o', repo: 'special' })).toMatchObject({ selfApproval: false, reviewActsAsApprove: false, lgtmActsAsApprove: false });
    expect(blunderbuss.settingsFor(plugins, { org: 'o', repo: 'r' })).toMatchObject({ request_count: 2 });
    expect(blunderbuss.help(plugins, ['o']).Config).toEqual({ o: 'Blunderbuss is currently configured to request reviews from 2 reviewers.' });
  });
});
