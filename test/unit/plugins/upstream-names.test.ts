// Every plugin name an upstream plugins.yaml may enable is one this registry knows, so no upstream user meets
// `unknown plugin`: the in-tree plugins upstream's hook imports (pkg/hook/plugin-imports/plugin-imports.go, by the
// names they register, e.g. updateconfig registers `config-updater`) and the external plugins that run here as roles.
import { describe, expect, it } from '@jest/globals';
import { KNOWN_PLUGIN_NAMES } from '../../../plugins/index.js';
import { ROLES } from '../../../roles/index.js';

/**
 * sigs.k8s.io/prow v0.0.0-20240619181241-cfb8754e0459, pkg/plugins/<dir> → the name each registers; plus
 * `issue-management`, which newer upstream (2025–2026) registers.
 */
export const UPSTREAM_IN_TREE = [
  'approve', 'assign', 'blockade', 'blunderbuss', 'branchcleaner', 'bugzilla', 'buildifier', 'cat', 'cherry-pick-approved',
  'cherry-pick-unapproved', 'cla', 'dco', 'dog', 'golint', 'goose', 'heart', 'help', 'hold', 'invalidcommitmsg', 'issue-management', 'jira', 'label',
  'lgtm', 'lifecycle', 'merge-method-comment', 'mergecommitblocker', 'milestone', 'milestoneapplier', 'milestonestatus',
  'override', 'owners-label', 'pony', 'project', 'project-manager', 'release-note', 'require-matching-label', 'retitle',
  'shrug', 'sigmention', 'size', 'skip', 'slackevents', 'stage', 'testfreeze', 'transfer-issue', 'trick-or-treat', 'trigger',
  'config-updater', 'verify-owners', 'welcome', 'wip', 'yuks',
];

/** cmd/external-plugins: upstream runs them as services; here they are roles and in-process plugins too. */
export const UPSTREAM_EXTERNAL = ['needs-rebase', 'cherrypicker', 'refresh'];

/**
 * Upstream plugins not built here, each for a reason the README's "Not built yet" gives. A name leaves this list when
 * its plugin is built (the last test fails until it does).
 */
const NOT_BUILT: string[] = [];

describe('upstream plugin names', () => {
  it.each(UPSTREAM_IN_TREE.filter((n) => !NOT_BUILT.includes(n)).map((n) => [n]))('%s is known to the registry', (name) => {
    expect(KNOWN_PLUGIN_NAMES).toContain(name);
  });

  it.each(UPSTREAM_EXTERNAL.map((n) => [n]))('external plugin %s runs as a role (and in-process beside hook)', (name) => {
    expect(ROLES.map((r) => r.name)).toContain(name);
  });

  it('the plugins not built are exactly the ones listed as not built', () => {
    expect(UPSTREAM_IN_TREE.filter((n) => !KNOWN_PLUGIN_NAMES.includes(n))).toEqual(NOT_BUILT);
  });
});
