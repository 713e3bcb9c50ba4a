// The bugzilla plugin's decisions, apart from any I/O: which bug a title names, whether a bug meets a branch's
// options (and the reasons, in upstream's words), which severity label it gets, and the texts of error replies.
import type { Bug, BugUpdate } from '../../src/bugzilla/bug.js';
import { prettyStatus } from '../../src/bugzilla/bug.js';
import { BUGZILLA_SEVERITY_HIGH, BUGZILLA_SEVERITY_LOW, BUGZILLA_SEVERITY_MED, BUGZILLA_SEVERITY_UNSPECIFIED, BUGZILLA_SEVERITY_URGENT } from '../shared/labels.js';
import { prettyStates, type BugState, type ResolvedOptions } from './options.js';

const TITLE = /Bug\s+([0-9]+):/i;

/** The bug a PR title names (`Bug 123: …`), or undefined. */
export function bugIdFromTitle(title: string): number | undefined {
  const m = TITLE.exec(title);
  return m ? Number(m[1]) : undefined;
}

/** The title with the `Bug N:` prefix naming `newId` instead of `oldId`. */
export function retitle(title: string, oldId: number, newId: number): string | undefined {
  const m = TITLE.exec(title);
  if (!m) return undefined;
  return title.replace(TITLE, m[0].replace(String(oldId), String(newId)));
}

export const bugLink = (id: number, endpoint: string): string => `[Bugzilla bug ${id}](${endpoint}/show_bug.cgi?id=${id})`;

export const SEVERITY_LABELS: Record<string, string> = {
  urgent: BUGZILLA_SEVERITY_URGENT,
  high: BUGZILLA_SEVERITY_HIGH,
  medium: BUGZILLA_SEVERITY_MED,
  low: BUGZILLA_SEVERITY_LOW,
  unspecified: BUGZILLA_SEVERITY_UNSPECIFIED,
};

/** The label for a bug's severity; '' for a severity upstream does not know (no label, no error). */
export function severityLabel(severity: string | undefined): string {
  return SEVERITY_LABELS[severity ?? ''] ?? '';
}

export function stateMatches(s: BugState, bug: Bug): boolean {
  if (s.status && s.status !== bug.status) return false;
  if (s.resolution && s.resolution !== (bug.resolution ?? '')) return false;
  return true;
}

export const matchesAny = (bug: Bug, states: readonly BugState[]): boolean => states.some((s) => stateMatches(s, bug));

/** The update that moves `bug` to `s` (only what differs; every field set when `bug` is undefined), or undefined. */
export function asBugUpdate(s: BugState | undefined, bug: Bug | undefined): BugUpdate | undefined {
  if (!s) return undefined;
  const update: BugUpdate = {};
  if (s.status && (!bug || s.status !== bug.status)) update.status = s.status;
  if (s.resolution && (!bug || s.resolution !== (bug.resolution ?? ''))) update.resolution = s.resolution;
  return Object.keys(update).length > 0 ? update : undefined;
}

/** A bug in a group that is not allowed for the repo is not linked (no allowed groups: every bug is). */
export function isBugAllowed(bug: Bug, allowedGroups: readonly string[] | undefined): boolean {
  if (!allowedGroups || allowedGroups.length === 0) return true;
  return (bug.groups ?? []).every((g) => allowedGroups.includes(g));
}

export interface Validation {
  valid: boolean;
  /** What was checked and passed. */
  validations: string[];
  /** Why it is invalid. */
  errors: string[];
}

const bugStatus = (b: Bug): string => prettyStatus(b.status, b.resolution);

/** Whether `bug` (with its `dependents`) meets `options`, as upstream's validateBug. */
export function validateBug(bug: Bug, dependents: readonly Bug[], o: ResolvedOptions, endpoint: string): Validation {
  const errors: string[] = [];
  const validations: string[] = [];
  const link = (id: number): string => bugLink(id, endpoint);
  const isOpen = bug.is_open === true;
  if (o.is_open !== undefined && o.is_open !== isOpen) {
    errors.push(`expected the bug to ${o.is_open ? '' : 'not '}be open, but it ${o.is_open ? "isn't" : 'is'}`);
  } else if (o.is_open !== undefined) {
    validations.push(`bug ${isOpen ? 'is' : "isn't"} open, matching expected state (${o.is_open ? 'open' : 'not open'})`);
  }
  if (o.target_release !== undefined) {
    const target = bug.target_release?.[0];
    if (target === undefined) errors.push(`expected the bug to target the "${o.target_release}" release, but no target release was set`);
    else if (target !== o.target_release) errors.push(`expected the bug to target the "${o.target_release}" release, but it targets "${target}" instead`);
    else validations.push(`bug target release (${target}) matches configured target release for branch (${o.target_release})`);
  }
  if (o.valid_states !== undefined) {
    const allowed = [...o.valid_states, ...(o.state_after_validation ? [o.state_after_validation] : [])];
    const pretty = prettyStates(allowed).join(', ');
    if (!matchesAny(bug, allowed)) errors.push(`expected the bug to be in one of the following states: ${pretty}, but it is ${bugStatus(bug)} instead`);
    else validations.push(`bug is in the state ${bugStatus(bug)}, which is one of the valid states (${pretty})`);
  }
  if (o.dependent_bug_states !== undefined) {
    const expected = prettyStates(o.dependent_bug_states).join(', ');
    for (const d of dependents) {
      if (!matchesAny(d, o.dependent_bug_states)) errors.push(`expected dependent ${link(d.id)} to be in one of the following states: ${expected}, but it is ${bugStatus(d)} instead`);
      else validations.push(`dependent bug ${link(d.id)} is in the state ${bugStatus(d)}, which is one of the valid states (${expected})`);
    }
  }
  const releases = o.dependent_bug_target_releases;
  if (releases !== undefined) {
    for (const d of dependents) {
      const target = d.target_release?.[0];
      if (target === undefined) errors.push(`expected dependent ${link(d.id)} to target a release in ${releases.join(', ')}, but no target release was set`);
      else if (releases.includes(target)) validations.push(`dependent ${link(d.id)} targets the "${target}" release, which is one of the valid target releases: ${releases.join(', ')}`);
      else errors.push(`expected dependent ${link(d.id)} to target a release in ${releases.join(', ')}, but it targets "${target}" instead`);
    }
  }
  if (dependents.length === 0) {
    const states = o.dependent_bug_states ? prettyStates(o.dependent_bug_states).join(', ') : undefined;
    if (states !== undefined && releases !== undefined) {
      errors.push(`expected ${link(bug.id)} to depend on a bug targeting a release in ${releases.join(', ')} and in one of the following states: ${states}, but no dependents were found`);
    } else if (states !== undefined) {
      errors.push(`expected ${link(bug.id)} to depend on a bug in one of the following states: ${states}, but no dependents were found`);
    } else if (releases !== undefined) {
      errors.push(`expected ${link(bug.id)} to depend on a bug targeting a release in ${releases.join(', ')}, but no dependents were found`);
    }
  } else {
    validations.push('bug has dependents');
  }
  return { valid: errors.length === 0, validations, errors };
}

const KNOWN_ERRORS: Record<string, string> = {
  'There was an error reported for a GitHub REST call':
    'The Bugzilla server failed to load data from GitHub when creating the bug. This is usually caused by rate-limiting, please try again later.',
};

/** Upstream's reply for a failed Bugzilla call: what was being done, hints for known errors, the full message. */
export function formatError(action: string, endpoint: string, bugId: number, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const applicable = Object.entries(KNOWN_ERRORS).filter(([k]) => message.includes(k)).map(([, v]) => v);
  const digest = applicable.length > 0
    ? `We were able to detect the following conditions from the error:\n\n${applicable.map((a) => `- ${a}\n`).join('')}`
    : 'No known errors were detected, please see the full error message for details.';
  return `An error was encountered ${action} for bug ${bugId} on the Bugzilla server at ${endpoint}. ${digest}

<details><summary>Full error message.</summary>

<code>
${message}
</code>

</details>

Please contact an administrator to resolve this issue, then request a bug refresh with <code>/bugzilla refresh</code>.`;
}
