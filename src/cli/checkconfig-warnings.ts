// The checks only checkconfig makes (upstream's cmd/checkconfig), each tagged with upstream's warning name so
// `--warnings`/`--exclude-warning` pick them. They find likely mistakes that do not stop the config from loading.
import type { BranchProtectionOrg, BranchProtectionPolicy, BranchProtectionRepo, Config, JobBase, Periodic, PluginsConfig, Postsubmit, Presubmit, TideContextPolicy, TideQuery } from '../config/types.js';
import { branchProtectionPolicy } from '../config/branch-protection.js';
import { hasChangeFilter, shouldRunOnBranch } from '../config/jobs.js';
import { ownValue } from '../own-key.js';
import { joinPath, type ConfigProblem } from '../config/errors.js';
import { OrgRepoSet, orgRepoSetForPlugin, tideOrgRepoSet } from './org-repo-set.js';

export const MAX_JOB_NAME_LENGTH = 63;

// Label names upstream's checks use (pkg/labels).
const LABELS = {
  lgtm: 'lgtm',
  approved: 'approved',
  hold: 'do-not-merge/hold',
  wip: 'do-not-merge/work-in-progress',
  invalidBug: 'bugzilla/invalid-bug',
  invalidOwners: 'do-not-merge/invalid-owners-file',
  releaseNoteNeeded: 'do-not-merge/release-note-label-needed',
  cpUnapproved: 'do-not-merge/cherry-pick-not-approved',
  blockedPaths: 'do-not-merge/blocked-paths',
  needsRebase: 'needs-rebase',
  needsOkToTest: 'needs-ok-to-test',
};

type RepoJob = (Presubmit | Postsubmit) & JobBase;

function warning(name: string, message: string, file?: string, path = ''): ConfigProblem {
  return { severity: 'warning', warning: name, kind: 'semantic', file, path, message };
}

function* repoJobs(c: Config, kind: 'presubmits' | 'postsubmits'): Generator<[string, number, RepoJob]> {
  for (const [repo, jobs] of Object.entries((c[kind] ?? {}) as Record<string, RepoJob[]>)) {
    const perFile = new Map<string | undefined, number>();
    for (const j of jobs) {
      const i = perFile.get(j.source_path) ?? 0;
      perFile.set(j.source_path, i + 1);
      yield [repo, i, j];
    }
  }
}

const isKubernetes = (j: JobBase): boolean => (j.agent ?? 'kubernetes') === 'kubernetes';

export function nonDecoratedJobs(c: Config): ConfigProblem[] {
  const names = [
    ...[...repoJobs(c, 'presubmits')].map(([, , j]) => j),
    ...[...repoJobs(c, 'postsubmits')].map(([, , j]) => j),
    ...(c.periodics ?? []),
  ]
    .filter((j) => isKubernetes(j) && !j.decorate)
    .map((j) => j.name);
  return names.length ? [warning('non-decorated-jobs', `the following jobs use the kubernetes provider but do not use the pod utilities: [${names.join(' ')}]`)] : [];
}

/** Kubernetes labels carry the job name, and label values are at most 63 characters. */
export function longJobNames(c: Config): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  for (const kind of ['presubmits', 'postsubmits'] as const) {
    const title = kind === 'presubmits' ? 'Presubmit' : 'Postsubmit';
    for (const [repo, i, j] of repoJobs(c, kind)) {
      if (isKubernetes(j) && j.name.length > MAX_JOB_NAME_LENGTH) {
        out.push(warning('long-job-names', `name of ${title} job "${j.name}" (for repo "${repo}") too long (should be at most ${MAX_JOB_NAME_LENGTH} characters)`, j.source_path, joinPath(joinPath(joinPath(kind, repo), i), 'name')));
      }
    }
  }
  periodicsWithIndex(c).forEach(([i, j]) => {
    if (isKubernetes(j) && j.name.length > MAX_JOB_NAME_LENGTH) {
      out.push(warning('long-job-names', `name of Periodic job "${j.name}" too long (should be at most ${MAX_JOB_NAME_LENGTH} characters)`, j.source_path, joinPath(joinPath('periodics', i), 'name')));
    }
  });
  return out;
}

function periodicsWithIndex(c: Config): [number, Periodic][] {
  const perFile = new Map<string | undefined, number>();
  return (c.periodics ?? []).map((j) => {
    const i = perFile.get(j.source_path) ?? 0;
    perFile.set(j.source_path, i + 1);
    return [i, j];
  });
}

/** A periodic clones only its extra_refs: top-level clone settings do nothing. */
export function periodicDefaultCloneConfig(c: Config): ConfigProblem[] {
  return periodicsWithIndex(c)
    .filter(([, j]) => (j.clone_depth ?? 0) !== 0 || (j.clone_uri ?? '') !== '' || (j.path_alias ?? '') !== '')
    .map(([i, j]) =>
      warning(
        'periodic-default-clone-config',
        `periodic jobs might clone 0, 1, or more repos, top level \`clone_depth\`, \`clone_uri\`, and \`path_alias\` don't have any effect. Name: "${j.name}"`,
        j.source_path,
        joinPath('periodics', i),
      ),
    );
}

/** A presubmit whose extra_refs repeat its own repo or each other. */
export function duplicateJobRefs(c: Config): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  for (const [repo, i, j] of repoJobs(c, 'presubmits')) {
    const counts = new Map<string, number>([[repo, 1]]);
    for (const r of j.extra_refs ?? []) counts.set(`${r.org}/${r.repo}`, (counts.get(`${r.org}/${r.repo}`) ?? 0) + 1);
    const dupes = [...counts].filter(([, n]) => n > 1).map(([k]) => k).sort();
    if (dupes.length) {
      out.push(warning('duplicate-job-refs', `invalid job ${j.name} on repo ${repo}: the following refs specified more than once: ${dupes.join(',')}`, j.source_path, joinPath(joinPath(joinPath('presubmits', repo), i), 'extra_refs')));
    }
  }
  return out;
}

export function needsOkToTest(c: Config): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  (c.tide?.queries ?? []).forEach((q, i) => {
    if ((q.labels ?? []).includes(LABELS.lgtm) && (q.missingLabels ?? []).includes(LABELS.needsOkToTest)) {
      out.push(
        warning(
          'needs-ok-to-test',
          `the tide query at position ${i}forbids the "${LABELS.needsOkToTest}" label and requires the "${LABELS.lgtm}" label, which is not recommended; see https://docs.prow.k8s.io/docs/components/core/tide/maintainers/#best-practices for more information`,
          undefined,
          joinPath('tide.queries', i),
        ),
      );
    }
  });
  return out;
}

export function managedWebhooks(c: Config): ConfigProblem[] {
  const keys = Object.keys(c.managed_webhooks?.org_repo_config ?? {});
  const orgs = new Set(keys.filter((k) => !k.includes('/')));
  return keys
    .filter((k) => k.includes('/') && orgs.has(k.split('/')[0]!))
    .map((k) =>
      warning('managed-webhooks', `org-level and repo-level webhooks are configured together for "${k}", which is not allowed as there will be duplicated webhook events`, undefined, joinPath('managed_webhooks.org_repo_config', k)),
    );
}

/** Upstream's relationships between a plugin and the label Tide requires or forbids for it. */
export function mismatchedTide(c: Config, p: PluginsConfig, includeForbidden: boolean): ConfigProblem[] {
  const name = includeForbidden ? 'mismatched-tide' : 'mismatched-tide-lenient';
  const queries = c.tide?.queries ?? [];
  const requires = (label: string) => (q: TideQuery) => (q.labels ?? []).includes(label);
  const forbids = (label: string) => (q: TideQuery) => (q.missingLabels ?? []).includes(label);
  const rules: { plugin: string; label: string; verb: 'require' | 'forbid'; external?: boolean }[] = [
    { plugin: 'lgtm', label: LABELS.lgtm, verb: 'require' },
    { plugin: 'approve', label: LABELS.approved, verb: 'require' },
  ];
  if (includeForbidden) {
    rules.push(
      { plugin: 'hold', label: LABELS.hold, verb: 'forbid' },
      { plugin: 'wip', label: LABELS.wip, verb: 'forbid' },
      { plugin: 'bugzilla', label: LABELS.invalidBug, verb: 'forbid' },
      { plugin: 'verify-owners', label: LABELS.invalidOwners, verb: 'forbid' },
      { plugin: 'release-note', label: LABELS.releaseNoteNeeded, verb: 'forbid' },
      { plugin: 'cherry-pick-unapproved', label: LABELS.cpUnapproved, verb: 'forbid' },
      { plugin: 'blockade', label: LABELS.blockedPaths, verb: 'forbid' },
      { plugin: 'needs-rebase', label: LABELS.needsRebase, verb: 'forbid', external: true },
    );
  }
  const overall = tideOrgRepoSet(queries);
  const out: ConfigProblem[] = [];
  for (const r of rules) {
    const matches = r.verb === 'require' ? requires(r.label) : forbids(r.label);
    const tideSubset = tideOrgRepoSet(queries.filter(matches));
    const enabled = orgRepoSetForPlugin(p, r.plugin, r.external === true);
    const notEnabled = tideSubset.difference(enabled).items();
    const notRequired = enabled.intersection(overall).difference(tideSubset).items();
    if (notEnabled.length) {
      out.push(warning(name, `the following orgs or repos ${r.verb} the ${r.label} label for merging but do not enable the ${r.plugin} plugin: [${notEnabled.join(' ')}]`, undefined, 'tide.queries'));
    }
    if (notRequired.length) {
      out.push(warning(name, `the following orgs or repos enable the ${r.plugin} plugin but do not ${r.verb} the ${r.label} label for merging: [${notRequired.join(' ')}]`, undefined, 'tide.queries'));
    }
  }
  return out;
}

const OWNERS_PLUGINS = ['approve', 'blunderbuss', 'owners-label'];

export function validateOwners(p: PluginsConfig): ConfigProblem[] {
  const using = OWNERS_PLUGINS.map((n) => orgRepoSetForPlugin(p, n, false)).reduce((a, b) => a.union(b));
  const invalid = using.difference(orgRepoSetForPlugin(p, 'verify-owners', false)).items();
  return invalid.length
    ? [
        warning(
          'validate-owners',
          `the following orgs or repos enable at least one plugin that uses OWNERS files (${OWNERS_PLUGINS.join(', ')}) but do not enable the verify-owners plugin to ensure validity of OWNERS files: [${invalid.join(' ')}]`,
          undefined,
          'plugins',
        ),
      ]
    : [];
}

export function missingTrigger(c: Config, p: PluginsConfig): ConfigProblem[] {
  const configured = new OrgRepoSet(new Map(), new Set([...Object.keys(c.presubmits ?? {}), ...Object.keys(c.postsubmits ?? {})]));
  const missing = configured.difference(orgRepoSetForPlugin(p, 'trigger', false)).items();
  return missing.length ? [warning('missing-trigger', `the following repos have jobs configured but do not have the trigger plugin enabled: ${missing.join(', ')}`, undefined, 'plugins')] : [];
}

/** Whether Go's url.Parse refuses the text (it accepts almost anything: this follows its few refusals). */
export function goURLParseFails(raw: string): boolean {
  if ([...raw].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) return true;
  const withoutQuery = raw.replace(/\?[^#]*/, '');
  if (/%(?![0-9A-Fa-f]{2})/.test(withoutQuery)) return true;
  let rest = raw.split('#')[0]!;
  let scheme = '';
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i]!;
    if (/[A-Za-z]/.test(ch) || (i > 0 && /[0-9+.-]/.test(ch))) continue;
    if (ch === ':') {
      if (i === 0) return true; // missing protocol scheme
      scheme = rest.slice(0, i);
      rest = rest.slice(i + 1);
    }
    break;
  }
  rest = rest.split('?')[0]!;
  if (!scheme && !rest.startsWith('/') && rest.split('/')[0]!.includes(':')) return true; // first path segment cannot contain colon
  if ((scheme || rest.startsWith('//')) && rest.startsWith('//')) {
    const authority = rest.slice(2).split('/')[0]!;
    const host = authority.slice(authority.lastIndexOf('@') + 1);
    if (host.startsWith('[')) {
      const close = host.indexOf(']');
      if (close < 0) return true;
      const after = host.slice(close + 1);
      if (after !== '' && !/^:\d*$/.test(after)) return true;
    } else if (host.includes(':') && !/^[^:]*:\d*$/.test(host)) {
      return true;
    }
  }
  return false;
}

export function validateURLs(c: Config): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const check = (path: string, value: string | undefined, what: string): void => {
    if (value !== undefined && goURLParseFails(value)) out.push(warning('validate-urls', `${what} is not a valid url: ${value}`, undefined, path));
  };
  check('status_error_link', c.status_error_link, 'status_error_link');
  return out;
}

function policyIsStrict(p: BranchProtectionPolicy | undefined): boolean {
  return p?.protect === true && p.required_status_checks?.strict === true;
}

/** Tide merges against the latest base itself: GitHub's "require branches to be up to date" only slows it down. */
export function tideStrictBranch(c: Config): ConfigProblem[] {
  const explanation = 'See #5: https://docs.prow.k8s.io/docs/components/core/tide/maintainers/#best-practices Also note that this validation is imperfect, see the check-config code for details';
  const queries = c.tide?.queries ?? [];
  if (!queries.length) return [];
  const bp = c['branch-protection'];
  if (policyIsStrict(bp)) return [warning('tide-strict-branch', `strict branchprotection context requirements cannot be globally enabled when Tide is configured for use. ${explanation}`, undefined, 'branch-protection')];
  const orgExceptions = new Map<string, Set<string>>();
  const strictRepos = new Set<string>();
  // Fields not set on a repo or branch inherit from the org (and the org from the global policy).
  for (const [org, o] of Object.entries(bp?.orgs ?? {})) {
    const orgPolicy = { ...bp, ...o };
    const strict = new Set<string>();
    const nonStrict = new Set<string>();
    for (const [repo, r] of Object.entries(o.repos ?? {})) {
      const repoPolicy = { ...orgPolicy, ...r };
      const isStrict = policyIsStrict(repoPolicy) || Object.values(r.branches ?? {}).some((b) => policyIsStrict({ ...repoPolicy, ...b }));
      (isStrict ? strict : nonStrict).add(`${org}/${repo}`);
    }
    if (policyIsStrict(orgPolicy)) orgExceptions.set(org, nonStrict);
    else for (const r of strict) strictRepos.add(r);
  }
  const conflicts = tideOrgRepoSet(queries).intersection(new OrgRepoSet(orgExceptions, strictRepos)).items();
  return conflicts.length
    ? [warning('tide-strict-branch', `the following enable strict branchprotection context requirements even though Tide handles merges: [${conflicts.join('; ')}]. ${explanation}`, undefined, 'branch-protection')]
    : [];
}

export function validateLabel(p: PluginsConfig): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const additional = new Set(p.label?.additional_labels ?? []);
  const both = new Map<string, string[]>();
  const empty: string[] = [];
  for (const [orgRepo, list] of Object.entries(p.label?.restricted_labels ?? {})) {
    for (const r of list) {
      if (additional.has(r.label)) both.set(r.label, [...(both.get(r.label) ?? []), orgRepo]);
      if (r.label === '') empty.push(orgRepo);
    }
  }
  for (const [label, repos] of both) {
    out.push(warning('validate-label', `the following orgs or repos have configuration of label plugin using the restricted label ${label} which is also configured as an additional label: ${repos.sort().join(', ')}`, undefined, 'label.restricted_labels'));
  }
  if (empty.length) {
    out.push(warning('validate-label', `the following orgs or repos have configuration of label plugin using the empty string as label name in restricted labels: ${empty.sort().join(', ')}`, undefined, 'label.restricted_labels'));
  }
  return out;
}

export function requiredJobAnnotations(c: Config, required: readonly string[]): ConfigProblem[] {
  if (!required.length) return [];
  const out: ConfigProblem[] = [];
  const check = (j: JobBase, path: string): void => {
    const missing = required.filter((a) => !(j.annotations && Object.hasOwn(j.annotations, a)));
    if (missing.length) out.push(warning('required-job-annotations', `job '${j.name}' is missing required annotations: ${missing.join(', ')}`, j.source_path, joinPath(path, 'annotations')));
  };
  for (const kind of ['presubmits', 'postsubmits'] as const) for (const [repo, i, j] of repoJobs(c, kind)) check(j, joinPath(joinPath(kind, repo), i));
  periodicsWithIndex(c).forEach(([i, j]) => check(j, joinPath('periodics', i)));
  return out;
}

/** Jenkins jobs run wherever the Jenkins operator points: a cluster on them is a mistake. */
export function validateClusterField(c: Config): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const check = (j: JobBase, path: string, prefix: string): void => {
    if (j.cluster && j.cluster !== 'default' && j.agent === 'jenkins') out.push(warning('validate-cluster-field', `${prefix}: ${j.name}: cannot set cluster field if agent is ${j.agent}`, j.source_path, joinPath(path, 'cluster')));
  };
  for (const kind of ['presubmits', 'postsubmits'] as const) for (const [repo, i, j] of repoJobs(c, kind)) check(j, joinPath(joinPath(kind, repo), i), repo);
  periodicsWithIndex(c).forEach(([i, j]) => check(j, joinPath('periodics', i), 'invalid periodic job'));
  return out;
}

const POLICY_FIELDS = [
  'protect', 'required_status_checks', 'enforce_admins', 'restrictions', 'required_pull_request_reviews', 'required_linear_history',
  'allow_force_pushes', 'allow_deletions', 'require_manually_triggered_jobs', 'require_signed_commits', 'exclude', 'include',
] as const;
const hasSettings = (p: BranchProtectionPolicy): boolean => POLICY_FIELDS.some((k) => p[k] !== undefined);
const managed = (p: BranchProtectionPolicy): boolean => p.unmanaged === false;

/** An unmanaged branch protection level that still holds settings, which branchprotector then never applies. */
export function unmanagedBranchConfigHasNoSubconfig(c: Config): ConfigProblem[] {
  const name = 'validate-unmanaged-branchconfig-has-no-subconfig';
  const out: ConfigProblem[] = [];
  const bp = c['branch-protection'];
  if (!bp) return out;
  const orgs = Object.entries(bp.orgs ?? {});
  const repoHasManagedBranches = (r: BranchProtectionRepo): boolean => Object.values(r.branches ?? {}).some(managed);
  const orgHasManagedRepos = (o: BranchProtectionOrg): boolean => Object.values(o.repos ?? {}).some(managed);
  const orgHasManagedBranches = (o: BranchProtectionOrg): boolean => Object.values(o.repos ?? {}).some(repoHasManagedBranches);
  if (bp.unmanaged === true) {
    if (hasSettings(bp) && !orgs.some(([, o]) => managed(o)) && !orgs.some(([, o]) => orgHasManagedRepos(o)) && !orgs.some(([, o]) => orgHasManagedBranches(o))) {
      out.push(warning(name, 'branch protection is globally set to unmanaged, but has configuration', undefined, 'branch-protection'));
    }
    for (const [org, o] of orgs) {
      if (orgHasManagedRepos(o)) continue;
      out.push(warning(name, `branch protection config is globally set to unmanaged but has configuration for org ${org} without setting the org to unmanaged: false`, undefined, joinPath('branch-protection.orgs', org)));
    }
  }
  for (const [org, o] of orgs) {
    const orgPath = joinPath('branch-protection.orgs', org);
    if (o.unmanaged === true) {
      if (hasSettings(o) && !orgHasManagedRepos(o) && !orgHasManagedBranches(o)) out.push(warning(name, `branch protection config for org ${org} is set to unmanaged, but it defines settings`, undefined, orgPath));
      for (const [repo, r] of Object.entries(o.repos ?? {})) {
        if (repoHasManagedBranches(r)) continue;
        out.push(warning(name, `branch protection config for repo ${org}/${repo} is defined, but branch protection is unmanaged for org ${org} without setting the repo to unmanaged: false`, undefined, joinPath(joinPath(orgPath, 'repos'), repo)));
      }
    }
    for (const [repo, r] of Object.entries(o.repos ?? {})) {
      const repoPath = joinPath(joinPath(orgPath, 'repos'), repo);
      if (r.unmanaged === true) {
        if (hasSettings(r) && !repoHasManagedBranches(r)) out.push(warning(name, `branch protection config for repo ${org}/${repo} is set to unmanaged, but it defines settings`, undefined, repoPath));
        for (const [branch, b] of Object.entries(r.branches ?? {})) {
          if (managed(b)) continue;
          out.push(warning(name, `branch protection for repo ${org}/${repo} is set to unmanaged, but it defines settings for branch ${branch} without setting the branch to unmanaged: false`, undefined, joinPath(joinPath(repoPath, 'branches'), branch)));
        }
      }
      for (const [branch, b] of Object.entries(r.branches ?? {})) {
        if (b.unmanaged === true && hasSettings(b)) {
          out.push(warning(name, `branch protection config for branch ${branch} in repo ${org}/${repo} is set to unmanaged but defines settings`, undefined, joinPath(joinPath(repoPath, 'branches'), branch)));
        }
      }
    }
  }
  return out;
}

/**
 * Tide's context policy for every repo and branch the presubmits name (master when none): the contexts a
 * branch requires, requires if present and treats as optional must not overlap (upstream's GetTideContextPolicy).
 */
export function tideContextPolicy(c: Config): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const opts = c.tide?.context_options ?? {};
  for (const [orgRepo, jobs] of Object.entries(c.presubmits ?? {})) {
    const parts = orgRepo.split('/');
    if (parts.length !== 2) continue;
    const [org, repo] = parts as [string, string];
    const branches = new Set(jobs.flatMap((j) => j.branches ?? []));
    if (!branches.size) branches.add('master');
    for (const branch of [...branches].sort()) {
      const o = ownValue(opts.orgs, org);
      const r = ownValue(o?.repos, repo);
      const b = ownValue(r?.branches, branch);
      const levels = [opts, o, r, b].filter((l): l is TideContextPolicy => l !== undefined);
      const required = new Set(levels.flatMap((l) => l['required-contexts'] ?? []));
      const ifPresent = new Set(levels.flatMap((l) => l['required-if-present-contexts'] ?? []));
      const optional = new Set(levels.flatMap((l) => l['optional-contexts'] ?? []));
      const fromBP = levels.reduce<boolean | undefined>((v, l) => l['from-branch-protection'] ?? v, undefined);
      let manual = false;
      if (fromBP) {
        const bp = branchProtectionPolicy(c, org, repo, branch);
        manual = bp.require_manually_triggered_jobs === true;
        if (bp.protect === true && bp.required_status_checks) for (const ctx of bp.required_status_checks.contexts ?? []) required.add(ctx);
      }
      for (const j of jobs) {
        if (!shouldRunOnBranch(j, branch)) continue;
        const ctx = j.context ?? j.name;
        if (j.optional || j.skip_report) {
          optional.add(ctx);
          continue;
        }
        const explicit = !j.always_run && !hasChangeFilter(j);
        if (manual && explicit) required.add(ctx);
        else if (explicit || hasChangeFilter(j)) ifPresent.add(ctx);
        else required.add(ctx);
      }
      const both = (a: Set<string>, x: Set<string>): string[] => [...a].filter((v) => x.has(v)).sort();
      const overlaps: [string[], string][] = [
        [both(required, optional), 'required and optional'],
        [both(required, ifPresent), 'required and required if present'],
        [both(optional, ifPresent), 'optional and required if present'],
      ];
      const first = overlaps.find(([l]) => l.length > 0);
      if (first) {
        out.push(warning('tide-context-policy', `context policy for ${branch} branch in ${org}/${repo} is invalid: contexts ${first[0].join(', ')} are defined as ${first[1]}`, undefined, joinPath('presubmits', orgRepo)));
      }
    }
  }
  return out;
}
