// GitHub's issue search syntax, for REST `GET /search/issues` and GraphQL `search(type: ISSUE)`: the qualifiers
// Tide and the plugins use (is:, type:, state:, org:, user:, repo:, label:, base:, head:, author:, assignee:,
// review:, milestone:, no:, archived:, draft:, status:, created:, updated:, in:, sort:), each negatable with `-`,
// plus free text matched against title and body.
import { GitHubError, type IssueRec, type RepoRec } from './model.js';
import type { GitHubState } from './state.js';

export interface Term {
  negated: boolean;
  /** Qualifier name, lower case; '' for free text. */
  key: string;
  value: string;
}

const TOKEN = /(-?)([a-zA-Z_-]+):(?:"([^"]*)"|(\S+))|(-?)"([^"]*)"|(\S+)/g;
const QUALIFIERS = new Set(['is', 'type', 'state', 'org', 'user', 'repo', 'label', 'base', 'head', 'author', 'assignee', 'review', 'milestone', 'no', 'archived', 'draft', 'status', 'created', 'updated', 'closed', 'merged', 'in', 'sort', 'involves', 'commenter']);

export function parseQuery(q: string): Term[] {
  const terms: Term[] = [];
  for (const m of q.matchAll(TOKEN)) {
    if (m[2] !== undefined && QUALIFIERS.has(m[2].toLowerCase())) {
      terms.push({ negated: m[1] === '-', key: m[2].toLowerCase(), value: m[3] ?? m[4] ?? '' });
    } else if (m[6] !== undefined) {
      terms.push({ negated: m[5] === '-', key: '', value: m[6] });
    } else {
      const word = m[0];
      terms.push({ negated: false, key: '', value: word });
    }
  }
  return terms;
}

/** `>=2020-01-01`, `<X`, `A..B`, `A..*`, exact date: whether ISO timestamp `t` is in range. */
function inDateRange(t: string | null, spec: string): boolean {
  if (!t) return false;
  const v = Date.parse(t);
  const parse = (s: string, end: boolean): number => {
    const d = Date.parse(s);
    if (Number.isNaN(d)) throw new GitHubError(422, 'Validation Failed', [{ resource: 'Search', field: 'q', code: 'invalid', message: `Invalid date: ${s}` }]);
    // A bare date covers the whole day.
    return end && /^\d{4}-\d{2}-\d{2}$/.test(s) ? d + 86_399_999 : d;
  };
  const range = /^(.*)\.\.(.*)$/.exec(spec);
  if (range) {
    const lo = range[1] === '*' ? -Infinity : parse(range[1], false);
    const hi = range[2] === '*' ? Infinity : parse(range[2], true);
    return v >= lo && v <= hi;
  }
  const cmp = /^(>=|<=|>|<)(.*)$/.exec(spec);
  if (cmp) {
    const x = parse(cmp[2], cmp[1] === '>' || cmp[1] === '<=');
    return cmp[1] === '>=' ? v >= x : cmp[1] === '>' ? v > x : cmp[1] === '<=' ? v <= x : v < x;
  }
  return v >= parse(spec, false) && v <= parse(spec, true);
}

const SCOPE_KEYS = new Set(['repo', 'org', 'user']);

const eq = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export class IssueSearch {
  constructor(private readonly state: GitHubState) {}

  /** Issues and PRs matching the query, in the order its `sort:` (or `sort`/`order` arguments) asks for. */
  run(q: string, sortArg?: string, orderArg?: string): { repo: RepoRec; issue: IssueRec }[] {
    const terms = parseQuery(q);
    const out: { repo: RepoRec; issue: IssueRec }[] = [];
    for (const repo of this.state.repos.values()) {
      for (const issue of repo.issues.values()) {
        // As GitHub: several positive qualifiers of one scope key (`repo:a repo:b`) mean any of them; every other
        // term must hold.
        const scopeKeys = new Set(terms.filter((t) => !t.negated && SCOPE_KEYS.has(t.key)).map((t) => t.key));
        if ([...scopeKeys].some((k) => !terms.some((t) => !t.negated && t.key === k && this.matches(repo, issue, t)))) continue;
        if (terms.every((t) => t.key === 'sort' || (!t.negated && SCOPE_KEYS.has(t.key)) || this.matches(repo, issue, t) !== t.negated)) out.push({ repo, issue });
      }
    }
    const sortTerm = terms.find((t) => t.key === 'sort')?.value;
    const [field, dir] = sortTerm ? sortTerm.split('-') : [sortArg ?? 'updated', orderArg ?? 'desc'];
    const key = (x: { issue: IssueRec }): string => (field === 'created' ? x.issue.createdAt : field === 'comments' ? String(x.issue.number).padStart(10, '0') : x.issue.updatedAt);
    out.sort((a, b) => (key(a) === key(b) ? a.issue.id - b.issue.id : key(a) < key(b) ? -1 : 1));
    if ((dir ?? 'desc') === 'desc') out.reverse();
    return out;
  }

  private matches(repo: RepoRec, issue: IssueRec, t: Term): boolean {
    const v = t.value;
    const anyOf = (f: (x: string) => boolean): boolean => v.split(',').some((x) => f(x.trim()));
    switch (t.key) {
      case '':
        return `${issue.title}\n${issue.body ?? ''}`.toLowerCase().includes(v.toLowerCase());
      case 'is':
      case 'type':
      case 'state':
        switch (v.toLowerCase()) {
          case 'pr':
          case 'pull-request':
            return issue.pull !== undefined;
          case 'issue':
            return issue.pull === undefined;
          case 'open':
            return issue.state === 'open';
          case 'closed':
            return issue.state === 'closed';
          case 'merged':
            return issue.pull?.merged === true;
          case 'unmerged':
            return issue.pull !== undefined && !issue.pull.merged && issue.state === 'closed';
          case 'draft':
            return issue.pull?.draft === true;
          case 'locked':
            return issue.locked;
          case 'unlocked':
            return !issue.locked;
          case 'public':
            return !repo.private;
          case 'private':
            return repo.private;
          default:
            throw new GitHubError(422, 'Validation Failed', [{ resource: 'Search', field: 'q', code: 'invalid', message: `Unknown ${t.key}:${v}` }]);
        }
      case 'org':
      case 'user':
        return eq(repo.owner, v);
      case 'repo':
        return eq(`${repo.owner}/${repo.name}`, v);
      case 'label':
        return anyOf((l) => issue.labels.some((x) => eq(x, l)));
      case 'base':
        return issue.pull !== undefined && issue.pull.baseRef === v;
      case 'head':
        return issue.pull !== undefined && issue.pull.headRef === v;
      case 'author':
        return eq(issue.user, v) || eq(issue.user, `${v.replace(/^app\//, '')}[bot]`);
      case 'assignee':
        return issue.assignees.some((a) => eq(a, v));
      case 'involves':
        return eq(issue.user, v) || issue.assignees.some((a) => eq(a, v)) || repo.comments.some((c) => c.issueNumber === issue.number && eq(c.user, v));
      case 'commenter':
        return repo.comments.some((c) => c.issueNumber === issue.number && eq(c.user, v));
      case 'review': {
        if (!issue.pull) return false;
        const decision = this.state.reviewDecision(repo, issue);
        const reviewed = issue.pull.reviews.some((r) => r.state !== 'PENDING');
        switch (v.toLowerCase()) {
          case 'approved':
            return decision === 'APPROVED';
          case 'changes_requested':
            return decision === 'CHANGES_REQUESTED';
          case 'required':
            return decision === 'REVIEW_REQUIRED';
          case 'none':
            return !reviewed;
          default:
            return false;
        }
      }
      case 'milestone': {
        const m = repo.milestones.find((x) => x.number === issue.milestone);
        return m !== undefined && eq(m.title, v);
      }
      case 'no':
        switch (v.toLowerCase()) {
          case 'label':
            return issue.labels.length === 0;
          case 'milestone':
            return issue.milestone === null;
          case 'assignee':
            return issue.assignees.length === 0;
          default:
            return false;
        }
      case 'archived':
        return repo.archived === (v.toLowerCase() === 'true');
      case 'draft':
        return issue.pull !== undefined && issue.pull.draft === (v.toLowerCase() === 'true');
      case 'status':
        return issue.pull !== undefined && this.state.combinedState(this.state.latestStatuses(repo, issue.pull.headSha)) === v.toLowerCase();
      case 'created':
        return inDateRange(issue.createdAt, v);
      case 'updated':
        return inDateRange(issue.updatedAt, v);
      case 'closed':
        return inDateRange(issue.closedAt, v);
      case 'merged':
        return inDateRange(issue.pull?.mergedAt ?? null, v);
      case 'in':
        return true;
      default:
        return false;
    }
  }
}
