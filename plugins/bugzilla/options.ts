// plugins.yaml `bugzilla:`: options per branch at three levels (`default`, `orgs.<org>.default`,
// `orgs.<org>.repos.<repo>.branches`), each keyed by branch name or the `*` wildcard. The options for a branch are
// resolved as upstream does: global, then org, then repo; at each level the wildcard first, then the branch; a
// child's field wins over its parent's, `exclude_defaults` drops the parent, `allowed_groups` are united, and the
// older `status*` fields are folded into the `state*` fields.
import { defineSection } from '../types.js';
import { prettyStatus } from '../../src/bugzilla/bug.js';

export interface BugState {
  status?: string;
  resolution?: string;
}

/** One branch's options as written in plugins.yaml. */
export interface BranchOptions {
  exclude_defaults?: boolean;
  enable_backporting?: boolean;
  validate_by_default?: boolean;
  is_open?: boolean;
  target_release?: string;
  statuses?: string[];
  valid_states?: BugState[];
  dependent_bug_statuses?: string[];
  dependent_bug_states?: BugState[];
  dependent_bug_target_releases?: string[];
  /** Deprecated: appended to dependent_bug_target_releases. */
  dependent_bug_target_release?: string;
  status_after_validation?: string;
  state_after_validation?: BugState;
  add_external_link?: boolean;
  status_after_merge?: string;
  state_after_merge?: BugState;
  state_after_close?: BugState;
  allowed_groups?: string[];
}

/** Resolved options: the `status*` fields are folded into the `state*` ones. */
export type ResolvedOptions = Omit<BranchOptions, 'statuses' | 'dependent_bug_statuses' | 'status_after_validation' | 'status_after_merge' | 'dependent_bug_target_release'>;

export interface BugzillaSettings {
  default?: Record<string, BranchOptions>;
  orgs?: Record<string, { default?: Record<string, BranchOptions>; repos?: Record<string, { branches?: Record<string, BranchOptions> }> }>;
}

export const WILDCARD = '*';

const strList = { type: 'array', items: { type: 'string' } };
const state = { type: 'object', additionalProperties: false, properties: { status: { type: 'string' }, resolution: { type: 'string' } } };
const branchOptions = {
  type: 'object',
  additionalProperties: false,
  properties: {
    exclude_defaults: { type: 'boolean' }, enable_backporting: { type: 'boolean' }, validate_by_default: { type: 'boolean' }, is_open: { type: 'boolean' },
    target_release: { type: 'string' }, statuses: strList, valid_states: { type: 'array', items: state }, dependent_bug_statuses: strList,
    dependent_bug_states: { type: 'array', items: state }, dependent_bug_target_releases: strList, dependent_bug_target_release: { type: 'string' },
    status_after_validation: { type: 'string' }, state_after_validation: state, add_external_link: { type: 'boolean' }, status_after_merge: { type: 'string' },
    state_after_merge: state, state_after_close: state, allowed_groups: strList,
  },
};
const byBranch = { type: 'object', additionalProperties: branchOptions };

export const BUGZILLA_SECTION = defineSection<BugzillaSettings>({
  key: 'bugzilla',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      default: byBranch,
      orgs: {
        type: 'object',
        additionalProperties: {
          type: 'object', additionalProperties: false,
          properties: { default: byBranch, repos: { type: 'object', additionalProperties: { type: 'object', additionalProperties: false, properties: { branches: byBranch } } } },
        },
      },
    },
  },
  check(value, report) {
    const levels: [(string | number)[], Record<string, BranchOptions> | undefined][] = [[['default'], value.default]];
    for (const [org, o] of Object.entries(value.orgs ?? {})) {
      levels.push([['orgs', org, 'default'], o.default]);
      for (const [repo, r] of Object.entries(o.repos ?? {})) levels.push([['orgs', org, 'repos', repo, 'branches'], r.branches]);
    }
    for (const [at, branches] of levels) {
      for (const [branch, opts] of Object.entries(branches ?? {})) {
        if (opts.dependent_bug_target_release !== undefined) {
          report.warning([...at, branch, 'dependent_bug_target_release'], 'deprecated: use dependent_bug_target_releases instead');
        }
      }
    }
  },
});

const stateKey = (s: BugState): string => `${s.status ?? ''}\u0000${s.resolution ?? ''}`;

/** States plus one state per status, de-duplicated and sorted by status then resolution (undefined if none). */
function mergeStatusesIntoStates(states: BugState[] | undefined, statuses: string[] | undefined): BugState[] | undefined {
  const all = new Map<string, BugState>();
  for (const s of states ?? []) all.set(stateKey(s), { ...(s.status ? { status: s.status } : {}), ...(s.resolution ? { resolution: s.resolution } : {}) });
  for (const status of statuses ?? []) all.set(stateKey({ status }), { status });
  if (all.size === 0) return undefined;
  return [...all.values()].sort((a, b) => (a.status ?? '').localeCompare(b.status ?? '') || (a.resolution ?? '').localeCompare(b.resolution ?? ''));
}

function withDeprecatedRelease(releases: string[] | undefined, deprecated: string | undefined): string[] | undefined {
  if (deprecated === undefined) return releases;
  if (releases === undefined) return [deprecated];
  return releases.includes(deprecated) ? releases : [...releases, deprecated];
}

/** `child` over `parent` (upstream's ResolveBugzillaOptions). */
export function resolveOptions(parent: BranchOptions, child: BranchOptions): ResolvedOptions {
  const out: BranchOptions = {};
  const simple = ['exclude_defaults', 'validate_by_default', 'is_open', 'target_release', 'enable_backporting', 'add_external_link', 'state_after_close'] as const;
  if (child.exclude_defaults !== true) {
    for (const k of simple) if (parent[k] !== undefined) (out as Record<string, unknown>)[k] = parent[k];
    if (parent.valid_states !== undefined) out.valid_states = parent.valid_states;
    if (parent.statuses !== undefined) out.valid_states = mergeStatusesIntoStates(out.valid_states, parent.statuses);
    if (parent.dependent_bug_states !== undefined) out.dependent_bug_states = parent.dependent_bug_states;
    if (parent.dependent_bug_statuses !== undefined) out.dependent_bug_states = mergeStatusesIntoStates(out.dependent_bug_states, parent.dependent_bug_statuses);
    out.dependent_bug_target_releases = withDeprecatedRelease(parent.dependent_bug_target_releases, parent.dependent_bug_target_release);
    if (parent.status_after_validation !== undefined) out.state_after_validation = { status: parent.status_after_validation };
    if (parent.state_after_validation !== undefined) out.state_after_validation = parent.state_after_validation;
    if (parent.status_after_merge !== undefined) out.state_after_merge = { status: parent.status_after_merge };
    if (parent.state_after_merge !== undefined) out.state_after_merge = parent.state_after_merge;
    if (parent.allowed_groups !== undefined) out.allowed_groups = [...new Set(parent.allowed_groups)].sort();
  }
  for (const k of simple) if (child[k] !== undefined) (out as Record<string, unknown>)[k] = child[k];
  if (child.valid_states !== undefined) out.valid_states = child.valid_states;
  if (child.statuses !== undefined) out.valid_states = mergeStatusesIntoStates(child.valid_states, child.statuses);
  if (child.dependent_bug_states !== undefined) out.dependent_bug_states = child.dependent_bug_states;
  if (child.dependent_bug_statuses !== undefined) out.dependent_bug_states = mergeStatusesIntoStates(child.dependent_bug_states, child.dependent_bug_statuses);
  if (child.dependent_bug_target_releases !== undefined) out.dependent_bug_target_releases = child.dependent_bug_target_releases;
  if (child.dependent_bug_target_release !== undefined) out.dependent_bug_target_releases = withDeprecatedRelease(child.dependent_bug_target_releases, child.dependent_bug_target_release);
  if (child.status_after_validation !== undefined && child.state_after_validation === undefined) out.state_after_validation = { status: child.status_after_validation };
  if (child.state_after_validation !== undefined) out.state_after_validation = child.state_after_validation;
  if (child.status_after_merge !== undefined && child.state_after_merge === undefined) out.state_after_merge = { status: child.status_after_merge };
  if (child.state_after_merge !== undefined) out.state_after_merge = child.state_after_merge;
  if (child.allowed_groups !== undefined) out.allowed_groups = [...new Set([...(out.allowed_groups ?? []), ...child.allowed_groups])].sort();
  if (out.dependent_bug_target_releases === undefined) delete out.dependent_bug_target_releases;
  return out;
}

/** The wildcard's options with the item's over them. */
function optionsForItem(item: string, config: Record<string, BranchOptions> | undefined): ResolvedOptions {
  return resolveOptions(config?.[WILDCARD] ?? {}, config?.[item] ?? {});
}

/** The options for PRs against `branch` of org/repo. */
export function optionsForBranch(bz: BugzillaSettings, org: string, repo: string, branch: string): ResolvedOptions {
  let options = optionsForItem(branch, bz.default);
  const orgOptions = bz.orgs?.[org];
  if (!orgOptions) return options;
  options = resolveOptions(options, optionsForItem(branch, orgOptions.default));
  const repoOptions = orgOptions.repos?.[repo];
  if (!repoOptions) return options;
  return resolveOptions(options, optionsForItem(branch, repoOptions.branches));
}

const sameStates = (a: BugState[] | undefined, b: BugState[] | undefined): boolean =>
  (a === undefined) === (b === undefined) && new Set((a ?? []).map(stateKey)).size === new Set((b ?? []).map(stateKey)).size
  && (a ?? []).every((s) => (b ?? []).some((t) => stateKey(t) === stateKey(s)));
const sameState = (a: BugState | undefined, b: BugState | undefined): boolean => (a === undefined ? b === undefined : b !== undefined && stateKey(a) === stateKey(b));

/** Upstream's `matches`: the fields the help text shows are equal. */
function sameForHelp(a: ResolvedOptions, b: ResolvedOptions | undefined): boolean {
  if (!b) return false;
  return a.validate_by_default === b.validate_by_default && a.is_open === b.is_open && a.target_release === b.target_release
    && sameStates(a.valid_states, b.valid_states) && sameStates(a.dependent_bug_states, b.dependent_bug_states)
    && sameState(a.state_after_validation, b.state_after_validation) && a.add_external_link === b.add_external_link && sameState(a.state_after_merge, b.state_after_merge);
}

/** Options per branch named anywhere for org/repo, without branches whose options are the wildcard's. */
export function optionsForRepo(bz: BugzillaSettings, org: string, repo: string): Record<string, ResolvedOptions> {
  const branches = new Set([...Object.keys(bz.default ?? {}), ...Object.keys(bz.orgs?.[org]?.default ?? {}), ...Object.keys(bz.orgs?.[org]?.repos?.[repo]?.branches ?? {})]);
  const out: Record<string, ResolvedOptions> = {};
  for (const b of branches) out[b] = optionsForBranch(bz, org, repo, b);
  for (const b of Object.keys(out)) if (b !== WILDCARD && sameForHelp(out[b]!, out[WILDCARD])) delete out[b];
  return out;
}

export const prettyState = (s: BugState): string => prettyStatus(s.status ?? '', s.resolution);
export const prettyStates = (states: readonly BugState[]): string[] => states.map(prettyState);

/** "a", "a and b", "a, b, and c". */
function joinPhrases(items: string[]): string {
  if (items.length <= 2) return items.join(' and ');
  return `${items.slice(0, -1).join(', ')}, and ${items.at(-1)!}`;
}

/** Help's Config text for a repo (upstream's list, one item per branch). */
export function describeRepo(bz: BugzillaSettings, org: string, repo: string): string | undefined {
  const opts = optionsForRepo(bz, org, repo);
  const branches = Object.keys(opts).sort();
  if (branches.length === 0) return undefined;
  const lines = ['The plugin has the following configuration:<ul>'];
  for (const branch of branches) {
    const o = opts[branch]!;
    const conditions: string[] = [];
    if (o.is_open !== undefined) conditions.push(o.is_open ? 'be open' : 'be closed');
    if (o.target_release !== undefined) conditions.push(`target the "${o.target_release}" release`);
    if (o.valid_states && o.valid_states.length > 0) conditions.push(`be in one of the following states: ${prettyStates(o.valid_states).join(', ')}`);
    if (o.dependent_bug_states || o.dependent_bug_target_releases) conditions.push('depend on at least one other bug');
    if (o.dependent_bug_states) conditions.push(`have all dependent bugs in one of the following states: ${prettyStates(o.dependent_bug_states).join(', ')}`);
    if (o.dependent_bug_target_releases) conditions.push(`have all dependent bugs in one of the following target releases: ${o.dependent_bug_target_releases.join(', ')}`);
    const updates: string[] = [];
    if (o.state_after_validation) updates.push(`moved to the ${prettyState(o.state_after_validation)} state`);
    if (o.add_external_link) updates.push('updated to refer to the pull request using the external bug tracker');
    if (o.state_after_merge) updates.push(`moved to the ${prettyState(o.state_after_merge)} state when all linked pull requests are merged`);
    let message = `${branch === WILDCARD ? 'by default, ' : `on the "${branch}" branch, `}valid bugs must ${conditions.length === 0 ? 'exist' : joinPhrases(conditions)}`;
    if (updates.length > 0) message += `. After being linked to a pull request, bugs will be ${joinPhrases(updates)}`;
    lines.push(`<li>${message}.</li>`);
  }
  lines.push('</ul>');
  return lines.join('\n');
}
