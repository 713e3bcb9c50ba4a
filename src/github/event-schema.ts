// The shape every handled webhook event must have before any plugin sees it: each field a handler reads, with
// its JSON type. A signed payload of the wrong shape (a number where a login should be, a string for an object) is
// refused at the door with the path of the first bad field, instead of failing later inside a plugin.
//
// A spec is a JSON type name, an object spec (field → spec), or a one-element array spec (every item has that
// spec). A field name ending in `?` may be absent or null; every other field must be present and not null.

export type FieldSpec = 'string' | 'number' | 'boolean' | 'object' | ObjectSpec | [FieldSpec];
export interface ObjectSpec {
  [field: string]: FieldSpec;
}

const USER: ObjectSpec = { login: 'string', 'id?': 'number', 'type?': 'string', 'html_url?': 'string' };
const OPTIONAL_USER: FieldSpec = USER;
const LABEL: ObjectSpec = { name: 'string', 'color?': 'string', 'description?': 'string' };
const REPO: ObjectSpec = {
  name: 'string', full_name: 'string', 'owner?': { 'login?': 'string', 'name?': 'string', 'id?': 'number', 'type?': 'string', 'html_url?': 'string' },
  'html_url?': 'string', 'clone_url?': 'string', 'ssh_url?': 'string', 'default_branch?': 'string', 'private?': 'boolean', 'archived?': 'boolean',
};
const BRANCH_REPO: ObjectSpec = { name: 'string', full_name: 'string', owner: USER, 'html_url?': 'string', 'clone_url?': 'string', 'default_branch?': 'string' };
const ISSUE: ObjectSpec = {
  'id?': 'number', number: 'number', 'html_url?': 'string', 'title?': 'string', 'body?': 'string', 'state?': 'string', user: USER,
  'labels?': [LABEL], 'assignees?': [USER], 'pull_request?': 'object',
};
const PULL_REQUEST: ObjectSpec = {
  'id?': 'number', number: 'number', 'html_url?': 'string', 'title?': 'string', 'body?': 'string', 'state?': 'string', 'draft?': 'boolean',
  'merged?': 'boolean', 'mergeable?': 'boolean', user: USER, 'labels?': [LABEL], 'assignees?': [USER], 'requested_reviewers?': [USER],
  'merge_commit_sha?': 'string', 'author_association?': 'string',
  // head.repo is null when the fork was deleted; base.repo is always there.
  head: { ref: 'string', sha: 'string', 'label?': 'string', 'repo?': BRANCH_REPO, 'user?': USER },
  base: { ref: 'string', 'sha?': 'string', 'label?': 'string', repo: BRANCH_REPO, 'user?': USER },
};
const COMMENT: ObjectSpec = { 'id?': 'number', body: 'string', user: USER, 'html_url?': 'string', 'created_at?': 'string', 'updated_at?': 'string' };
const COMMIT: ObjectSpec = { id: 'string', 'message?': 'string', 'added?': ['string'], 'removed?': ['string'], 'modified?': ['string'] };
const CHANGE: ObjectSpec = { 'from?': 'string' };

/** Every event kind Prow handles in-process, with the shape its plugins rely on. */
export const EVENT_SCHEMAS: ReadonlyMap<string, ObjectSpec> = new Map<string, ObjectSpec>([
  ['issue_comment', { action: 'string', issue: ISSUE, comment: COMMENT, repository: REPO, 'sender?': OPTIONAL_USER }],
  ['issues', { action: 'string', issue: ISSUE, repository: REPO, 'label?': LABEL, 'assignee?': USER, 'sender?': OPTIONAL_USER }],
  ['pull_request', {
    action: 'string', 'number?': 'number', pull_request: PULL_REQUEST, repository: REPO, 'label?': LABEL, 'sender?': OPTIONAL_USER,
    'changes?': { 'base?': { 'ref?': CHANGE, 'sha?': CHANGE }, 'title?': CHANGE, 'body?': CHANGE },
  }],
  ['pull_request_review', {
    action: 'string', review: { 'id?': 'number', user: USER, 'body?': 'string', 'state?': 'string', 'html_url?': 'string', 'submitted_at?': 'string' },
    pull_request: PULL_REQUEST, repository: REPO, 'sender?': OPTIONAL_USER,
  }],
  ['pull_request_review_comment', { action: 'string', comment: { ...COMMENT, 'path?': 'string' }, pull_request: PULL_REQUEST, repository: REPO, 'sender?': OPTIONAL_USER }],
  ['push', {
    ref: 'string', 'before?': 'string', after: 'string', 'created?': 'boolean', 'deleted?': 'boolean', 'forced?': 'boolean', 'base_ref?': 'string',
    'compare?': 'string', 'commits?': [COMMIT], 'head_commit?': COMMIT, repository: REPO, 'pusher?': { 'name?': 'string', 'email?': 'string' }, 'sender?': OPTIONAL_USER,
  }],
  ['merge_group', {
    action: 'string', 'reason?': 'string', repository: REPO, 'sender?': OPTIONAL_USER,
    merge_group: { head_sha: 'string', head_ref: 'string', base_sha: 'string', base_ref: 'string', 'head_commit?': 'object' },
  }],
  ['status', {
    sha: 'string', state: 'string', context: 'string', 'description?': 'string', 'target_url?': 'string', repository: REPO, 'sender?': OPTIONAL_USER,
  }],
]);

/** Payloads nested deeper than this are refused before any field is read (GitHub's are under 10 levels). */
export const MAX_PAYLOAD_DEPTH = 64;

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** The first way `value` breaks `spec`, as "path: problem"; undefined when it fits. */
export function shapeProblem(value: unknown, spec: FieldSpec): string | undefined {
  const p = problemIn(value, spec);
  return p && p.say(p.at);
}

/**
 * Where (relative to the value checked) and what the first problem is. Nearly every delivery fits, so nothing is
 * allocated on the way down: the path is put together on the way back up from a problem.
 */
interface Problem {
  at: string;
  say: (at: string) => string;
}

function problemIn(value: unknown, spec: FieldSpec): Problem | undefined {
  // The problems are made by functions of their own: a closure here would capture `value` and `spec`, and V8 would
  // then allocate a context for them on every call, problem or not.
  if (typeof spec === 'string') return typeOf(value) === spec ? undefined : wrongType(spec, typeOf(value));
  if (Array.isArray(spec)) {
    if (!Array.isArray(value)) return notAnArray(typeOf(value));
    for (let i = 0; i < value.length; i++) {
      const p = problemIn(value[i], spec[0]);
      if (p) return within(`[${i}]`, p);
    }
    return undefined;
  }
  if (typeOf(value) !== 'object') return wrongType('object', typeOf(value));
  const obj = value as Record<string, unknown>;
  // An indexed loop over plain records: destructuring tuples in a for-of allocated an iterator per field.
  const fields = fieldsOf(spec);
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    const v = Object.hasOwn(obj, f.name) ? obj[f.name] : undefined;
    if (v === undefined || v === null) {
      if (f.optional) continue;
      return missing(f.name);
    }
    const p = problemIn(v, f.spec);
    if (p) return within(f.name, p);
  }
  return undefined;
}

function wrongType(expected: string, actual: string): Problem {
  return { at: '', say: (at) => `${at || 'payload'} must be a${expected === 'object' ? 'n' : ''} ${expected}, not ${actual}` };
}

function notAnArray(actual: string): Problem {
  return { at: '', say: (at) => `${at} must be an array, not ${actual}` };
}

function missing(field: string): Problem {
  return { at: field, say: (at) => `payload has no ${at}` };
}

/** `p` one step further down: under field `step`, or item `step` (`[i]`). */
function within(step: string, p: Problem): Problem {
  p.at = p.at === '' ? step : p.at.startsWith('[') ? step + p.at : `${step}.${p.at}`;
  return p;
}

interface CompiledField {
  name: string;
  spec: FieldSpec;
  optional: boolean;
}

/** Object specs as their fields, made once per spec object. */
const compiled = new WeakMap<ObjectSpec, CompiledField[]>();

function fieldsOf(spec: ObjectSpec): CompiledField[] {
  let fields = compiled.get(spec);
  if (!fields) {
    fields = Object.entries(spec).map(([key, sub]) => (key.endsWith('?') ? { name: key.slice(0, -1), spec: sub, optional: true } : { name: key, spec: sub, optional: false }));
    compiled.set(spec, fields);
  }
  return fields;
}

/** How deeply objects and arrays nest in `value`, counting no further than `limit + 1`. */
export function nestingDepth(value: unknown, limit = MAX_PAYLOAD_DEPTH): number {
  // Recursion is bounded: it stops descending once past `limit`.
  const depth = (v: unknown, d: number): number => {
    if (v === null || typeof v !== 'object') return d - 1;
    if (d > limit) return d;
    let deepest = d;
    if (Array.isArray(v)) {
      for (const x of v) {
        deepest = Math.max(deepest, depth(x, d + 1));
        if (deepest > limit) return deepest;
      }
    } else {
      for (const k in v) {
        if (!Object.hasOwn(v, k)) continue;
        deepest = Math.max(deepest, depth((v as Record<string, unknown>)[k], d + 1));
        if (deepest > limit) return deepest;
      }
    }
    return deepest;
  };
  return Math.max(0, depth(value, 1));
}
