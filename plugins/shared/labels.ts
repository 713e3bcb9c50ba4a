// Label names several plugins and Tide agree on, as upstream's pkg/labels (people and tools match on them).
export const LGTM = 'lgtm';
export const APPROVED = 'approved';
export const HOLD = 'do-not-merge/hold';
export const WORK_IN_PROGRESS = 'do-not-merge/work-in-progress';
export const INVALID_OWNERS = 'do-not-merge/invalid-owners-file';
export const BLOCKED_PATHS = 'do-not-merge/blocked-paths';
export const CHERRY_PICK_UNAPPROVED = 'do-not-merge/cherry-pick-not-approved';
export const CHERRY_PICK_APPROVED = 'cherry-pick-approved';
export const MERGE_COMMITS = 'do-not-merge/contains-merge-commits';
export const RELEASE_NOTE_LABEL_NEEDED = 'do-not-merge/release-note-label-needed';
export const NEEDS_REBASE = 'needs-rebase';
export const OK_TO_TEST = 'ok-to-test';
export const NEEDS_OK_TO_TEST = 'needs-ok-to-test';
export const CLA_YES = 'cncf-cla: yes';
export const CLA_NO = 'cncf-cla: no';
export const HELP_WANTED = 'help wanted';
export const GOOD_FIRST_ISSUE = 'good first issue';
export const BUG = 'kind/bug';
export const LIFECYCLE_FROZEN = 'lifecycle/frozen';
export const LIFECYCLE_STALE = 'lifecycle/stale';
export const LIFECYCLE_ROTTEN = 'lifecycle/rotten';
export const LIFECYCLE_ACTIVE = 'lifecycle/active';
export const TRIAGE_ACCEPTED = 'triage/accepted';
export const INVALID_BUG = 'bugzilla/invalid-bug';
export const VALID_BUG = 'bugzilla/valid-bug';
export const BUGZILLA_SEVERITY_URGENT = 'bugzilla/severity-urgent';
export const BUGZILLA_SEVERITY_HIGH = 'bugzilla/severity-high';
export const BUGZILLA_SEVERITY_MED = 'bugzilla/severity-medium';
export const BUGZILLA_SEVERITY_LOW = 'bugzilla/severity-low';
export const BUGZILLA_SEVERITY_UNSPECIFIED = 'bugzilla/severity-unspecified';

/** Whether `labels` has `name` (GitHub compares label names case-insensitively). */
export function hasLabel(labels: readonly { name: string }[], name: string): boolean {
  const n = name.toLowerCase();
  return labels.some((l) => l.name.toLowerCase() === n);
}

export const RELEASE_NOTE = 'release-note';
export const RELEASE_NOTE_NONE = 'release-note-none';
export const RELEASE_NOTE_ACTION_REQUIRED = 'release-note-action-required';
export const DEPRECATION = 'kind/deprecation';
