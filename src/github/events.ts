// Webhook events as Prow reads them: parsing a delivery into a typed event (with the fields every handler relies
// on checked, so a malformed payload is a 400 and never a crash in a plugin), and the generic comment event that
// upstream derives from issue, pull request, review and review comment events.
import { EVENT_SCHEMAS, MAX_PAYLOAD_DEPTH, nestingDepth, shapeProblem } from './event-schema.js';
import type { Issue, IssueComment, Label, PullRequest, Repo, Review, ReviewComment, User, Commit } from './types.js';

export interface IssueCommentEvent {
  action: 'created' | 'edited' | 'deleted' | string;
  issue: Issue;
  comment: IssueComment;
  repository: Repo;
  sender?: User;
}

export interface IssueEvent {
  action: string;
  issue: Issue;
  repository: Repo;
  label?: Label;
  assignee?: User;
  sender?: User;
}

export interface PullRequestEvent {
  action: string;
  number: number;
  pull_request: PullRequest;
  repository: Repo;
  label?: Label;
  sender?: User;
  /** On `edited`: what changed, e.g. `{ base: { ref: { from } } }`. */
  changes?: { base?: { ref?: { from?: string }; sha?: { from?: string } }; title?: { from?: string }; body?: { from?: string } };
}

export interface ReviewEvent {
  action: 'submitted' | 'edited' | 'dismissed' | string;
  review: Review;
  pull_request: PullRequest;
  repository: Repo;
  sender?: User;
}

export interface ReviewCommentEvent {
  action: 'created' | 'edited' | 'deleted' | string;
  comment: ReviewComment;
  pull_request: PullRequest;
  repository: Repo;
  sender?: User;
}

export interface PushEvent {
  ref: string;
  before: string;
  after: string;
  created?: boolean;
  deleted?: boolean;
  forced?: boolean;
  base_ref?: string | null;
  compare?: string;
  commits?: Commit[];
  head_commit?: Commit | null;
  repository: Repo;
  pusher?: { name?: string; email?: string };
  sender?: User;
}

export interface StatusEvent {
  sha: string;
  state: string;
  context: string;
  description?: string | null;
  target_url?: string | null;
  repository: Repo;
  sender?: User;
}

/** GitHub's merge queue asks for checks on a merge group (`checks_requested`) or drops it (`destroyed`, with `reason`). */
export interface MergeGroupEvent {
  action: 'checks_requested' | 'destroyed' | string;
  /** On `destroyed`: merged, dequeued or invalidated. */
  reason?: string;
  merge_group: {
    /** The group's commit: checks are reported on it. */
    head_sha: string;
    /** Full ref of the group's branch, `refs/heads/gh-readonly-queue/<base>/pr-<n>-<sha>`. */
    head_ref: string;
    base_sha: string;
    /** Full ref of the branch the group merges into. */
    base_ref: string;
    head_commit?: Commit | null;
  };
  repository: Repo;
  sender?: User;
}

export type GenericCommentAction = 'created' | 'edited' | 'deleted';

/** Upstream's GenericCommentEvent: one shape for every kind of comment (and for issue/PR bodies). */
export interface GenericCommentEvent {
  id: number;
  commentId?: number;
  isPR: boolean;
  action: GenericCommentAction;
  body: string;
  htmlUrl: string;
  number: number;
  repo: Repo;
  user: User;
  issueAuthor: User;
  assignees: User[];
  issueState: string;
  issueTitle: string;
  issueBody: string;
  issueHtmlUrl: string;
  guid: string;
}

/** Every event kind a plugin can handle, tagged with its X-GitHub-Event name. */
export type WebhookEvent =
  | { kind: 'issue_comment'; guid: string; payload: IssueCommentEvent }
  | { kind: 'issues'; guid: string; payload: IssueEvent }
  | { kind: 'pull_request'; guid: string; payload: PullRequestEvent }
  | { kind: 'pull_request_review'; guid: string; payload: ReviewEvent }
  | { kind: 'pull_request_review_comment'; guid: string; payload: ReviewCommentEvent }
  | { kind: 'push'; guid: string; payload: PushEvent }
  | { kind: 'status'; guid: string; payload: StatusEvent }
  | { kind: 'merge_group'; guid: string; payload: MergeGroupEvent }
  /** Any other event type: forwarded to external plugins, not handled in-process. */
  | { kind: 'other'; eventType: string; guid: string; payload: Record<string, unknown> };

export class BadEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadEventError';
  }
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Parses a JSON body into a typed event; throws BadEventError for bad JSON or a payload of the wrong shape. */
export function parseWebhook(eventType: string, guid: string, body: Buffer | string): WebhookEvent {
  let payload: unknown;
  try {
    payload = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  } catch (e) {
    throw new BadEventError(`body is not valid JSON: ${(e as Error).message}`);
  }
  return webhookFromPayload(eventType, guid, payload);
}

/** As parseWebhook, for a body already parsed (the object is normalised in place). */
export function webhookFromPayload(eventType: string, guid: string, payload: unknown): WebhookEvent {
  if (!isObj(payload)) throw new BadEventError('body is not a JSON object');
  if (nestingDepth(payload) > MAX_PAYLOAD_DEPTH) throw new BadEventError(`payload nests deeper than ${MAX_PAYLOAD_DEPTH} levels`);
  // A Map: the event type is the sender's text, and `__proto__` or `constructor` must not find anything.
  const schema = EVENT_SCHEMAS.get(eventType);
  if (!schema) return { kind: 'other', eventType, guid, payload };
  const problem = shapeProblem(payload, schema);
  if (problem) throw new BadEventError(problem);
  // Push payloads name the owner `name`, not `login`; give every event an owner login.
  const owner = (payload.repository as Obj).owner;
  if (isObj(owner) && owner.login === undefined) owner.login = owner.name ?? String((payload.repository as Obj).full_name).split('/')[0];
  if (!isObj(owner)) (payload.repository as Obj).owner = { login: String((payload.repository as Obj).full_name).split('/')[0] };
  return { kind: eventType, guid, payload } as WebhookEvent;
}

/** org, repo and PR/issue number of an event, for logs, HMAC token choice and plugin selection. */
export function eventCoordinates(ev: WebhookEvent): { org?: string; repo?: string; fullName?: string; number?: number } {
  const p = ev.payload as Obj;
  const r = p.repository;
  let fullName: string | undefined;
  if (isObj(r) && typeof r.full_name === 'string') fullName = r.full_name;
  else if (isObj(p.organization) && typeof p.organization.login === 'string') fullName = p.organization.login;
  const [org, repo] = fullName ? fullName.split('/') : [];
  let number: number | undefined;
  if (ev.kind === 'issue_comment' || ev.kind === 'issues') number = ev.payload.issue.number;
  else if (ev.kind === 'pull_request' || ev.kind === 'pull_request_review' || ev.kind === 'pull_request_review_comment') number = ev.payload.pull_request.number;
  return { org, repo, fullName, number };
}

/** The org/repo full name a raw payload is about (for choosing the HMAC token before the payload is trusted). */
export function payloadFullName(payload: unknown): string | undefined {
  if (!isObj(payload)) return undefined;
  if (isObj(payload.repository) && typeof payload.repository.full_name === 'string') return payload.repository.full_name;
  if (isObj(payload.organization) && typeof payload.organization.login === 'string') return payload.organization.login;
  return undefined;
}

function genericAction(action: string): GenericCommentAction | undefined {
  switch (action) {
    case 'created': case 'opened': case 'submitted': return 'created';
    case 'edited': return 'edited';
    case 'deleted': case 'dismissed': return 'deleted';
    default: return undefined;
  }
}

/** The generic comment event upstream derives from an event, if it has one. */
export function genericCommentFrom(ev: WebhookEvent): GenericCommentEvent | undefined {
  switch (ev.kind) {
    case 'issue_comment': {
      const { issue, comment, repository } = ev.payload;
      const action = genericAction(ev.payload.action);
      if (!action) return undefined;
      return {
        id: issue.id ?? 0, commentId: comment.id, isPR: issue.pull_request !== undefined && issue.pull_request !== null, action,
        body: comment.body ?? '', htmlUrl: comment.html_url, number: issue.number, repo: repository, user: comment.user,
        issueAuthor: issue.user, assignees: issue.assignees ?? [], issueState: issue.state, issueTitle: issue.title,
        issueBody: issue.body ?? '', issueHtmlUrl: issue.html_url, guid: ev.guid,
      };
    }
    case 'issues': {
      const { issue, repository } = ev.payload;
      const action = genericAction(ev.payload.action);
      if (!action) return undefined;
      return {
        id: issue.id ?? 0, isPR: issue.pull_request !== undefined && issue.pull_request !== null, action,
        body: issue.body ?? '', htmlUrl: issue.html_url, number: issue.number, repo: repository, user: issue.user,
        issueAuthor: issue.user, assignees: issue.assignees ?? [], issueState: issue.state, issueTitle: issue.title,
        issueBody: issue.body ?? '', issueHtmlUrl: issue.html_url, guid: ev.guid,
      };
    }
    case 'pull_request': {
      const pr = ev.payload.pull_request;
      const action = genericAction(ev.payload.action);
      if (!action) return undefined;
      return prGeneric(pr, ev.payload.repository, action, pr.body ?? '', pr.html_url, pr.user, ev.guid, pr.id ?? 0);
    }
    case 'pull_request_review': {
      const { review, pull_request: pr } = ev.payload;
      const action = genericAction(ev.payload.action);
      if (!action) return undefined;
      return prGeneric(pr, ev.payload.repository, action, review.body ?? '', review.html_url, review.user, ev.guid, review.id, review.id);
    }
    case 'pull_request_review_comment': {
      const { comment, pull_request: pr } = ev.payload;
      const action = genericAction(ev.payload.action);
      if (!action) return undefined;
      return prGeneric(pr, ev.payload.repository, action, comment.body ?? '', comment.html_url, comment.user, ev.guid, comment.id, comment.id);
    }
    default:
      return undefined;
  }
}

function prGeneric(pr: PullRequest, repo: Repo, action: GenericCommentAction, body: string, htmlUrl: string, user: User, guid: string, id: number, commentId?: number): GenericCommentEvent {
  return {
    id, ...(commentId !== undefined ? { commentId } : {}), isPR: true, action, body, htmlUrl, number: pr.number, repo, user,
    issueAuthor: pr.user, assignees: pr.assignees ?? [], issueState: pr.state, issueTitle: pr.title,
    issueBody: pr.body ?? '', issueHtmlUrl: pr.html_url, guid,
  };
}
