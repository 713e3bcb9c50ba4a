// What a Bugzilla bug and the plugin's view of Bugzilla are, without the HTTP client: the plugin's modules and
// checkconfig import these without loading the client and its metrics.

/** The fields of a bug the plugin reads (Bugzilla's REST names). */
export interface Bug {
  id: number;
  summary?: string;
  status: string;
  resolution?: string;
  severity?: string;
  is_open?: boolean;
  target_release?: string[];
  depends_on?: number[];
  blocks?: number[];
  groups?: string[];
  qa_contact_detail?: { email?: string; name?: string; real_name?: string } | null;
  [field: string]: unknown;
}

/** A GitHub pull request linked to a bug through the external tracker. */
export interface ExternalPull {
  org: string;
  repo: string;
  num: number;
}

export interface BugUpdate {
  status?: string;
  resolution?: string;
  target_release?: string[];
  depends_on?: { add?: number[] };
  blocks?: { add?: number[] };
  whiteboard?: string;
}

export interface BugzillaAPI {
  /** The server's base URL, for `show_bug.cgi` links. */
  readonly endpoint: string;
  getBug(id: number): Promise<Bug>;
  getExternalBugPRsOnBug(id: number): Promise<ExternalPull[]>;
  updateBug(id: number, update: BugUpdate): Promise<void>;
  /** true when the link was added, false when it was there already. */
  addPullRequestAsExternalBug(id: number, org: string, repo: string, num: number): Promise<boolean>;
  /** true when the link was removed, false when there was none. */
  removePullRequestAsExternalBug(id: number, org: string, repo: string, num: number): Promise<boolean>;
  /** Bugs `bug` blocks that have its summary: its clones. */
  getClones(bug: Bug): Promise<Bug[]>;
  /** A new bug with `bug`'s fields and comments as its description, depending on `bug`; its id. */
  cloneBug(bug: Bug): Promise<number>;
  createComment(id: number, text: string, isPrivate: boolean): Promise<void>;
}

/** A failed request: `status` is the HTTP status (-1 when the server could not be reached), `code` Bugzilla's. */
export class BugzillaError extends Error {
  constructor(message: string, readonly status: number, readonly code = 0) {
    super(code !== 0 ? `code ${code}: ${message}` : message);
    this.name = 'BugzillaError';
  }

  get notFound(): boolean {
    return this.status === 404;
  }
}

export const GITHUB_TRACKER_URL = 'https://github.com/';

export function identifierForPull(org: string, repo: string, num: number): string {
  return `${org}/${repo}/pull/${num}`;
}

/** `org/repo/pull/N` → the pull; undefined for identifiers of anything else (issues). */
export function pullFromIdentifier(identifier: string): ExternalPull | undefined {
  const parts = identifier.split('/');
  if (parts.length !== 4) throw new Error(`invalid pull identifier with ${parts.length} parts: "${identifier}"`);
  if (parts[2] !== 'pull') return undefined;
  const num = Number(parts[3]);
  if (!Number.isInteger(num)) throw new Error(`invalid pull identifier: could not parse ${parts[3]} as number`);
  return { org: parts[0]!, repo: parts[1]!, num };
}

/** Bugzilla's own phrasing of a state: `STATUS (RESOLUTION)`. */
export function prettyStatus(status: string, resolution: string | undefined): string {
  if (!resolution) return status;
  if (!status) return `any status with resolution ${resolution}`;
  return `${status} (${resolution})`;
}

/** A comment as Bugzilla returns it. */
export interface BugComment {
  text?: string;
  creator?: string;
  time?: string;
  creation_time?: string;
  is_private?: boolean;
}

const MAX_DESCRIPTION = 65535;

/** `YYYY-MM-DD HH:MM:SS UTC`, the way Bugzilla heads copied comments. */
function bugzillaTime(iso: string | undefined): string {
  const d = new Date(iso ?? '');
  return Number.isNaN(d.getTime()) ? '' : `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** The description of a clone: every comment of the original, as Bugzilla writes it on clone. */
export function cloneDescription(bugId: number, comments: BugComment[]): string {
  let desc = `+++ This bug was initially created as a clone of Bug #${bugId} +++\n\n${comments[0]?.text ?? ''}`;
  for (const c of comments.slice(1)) desc += `\n\n--- Additional comment from ${c.creator ?? ''} on ${bugzillaTime(c.creation_time ?? c.time)} ---\n\n${c.text ?? ''}`;
  return desc.length > MAX_DESCRIPTION ? `${desc.slice(0, MAX_DESCRIPTION - 3)}...` : desc;
}
