// Reading PRs and blocker issues through GitHub's GraphQL search, paged, one search per org (what GitHub Apps
// need, and what keeps each search small). The repository's allowed merge methods come with each PR, so Tide needs
// no REST call per repo for them.
import { graphqlDocument, type GraphQLAPI, type PageInfo, type RateLimited } from '../../src/github/graphql.js';
import { checkRunState, dedupeContexts } from './contexts.js';
import type { Blocker } from './status-text.js';
import type { Context, ContextState, TidePR } from './types.js';

interface PRNode {
  __typename?: string;
  id?: string;
  number: number;
  title: string;
  body: string;
  updatedAt: string;
  author: { login: string } | null;
  baseRef: { name: string } | null;
  headRefName: string;
  headRefOid: string;
  mergeable: TidePR['mergeable'];
  mergeStateStatus: string;
  canBeRebased: boolean;
  reviewDecision: string | null;
  repository: { name: string; url: string; owner: { login: string }; mergeCommitAllowed: boolean; squashMergeAllowed: boolean; rebaseMergeAllowed: boolean };
  labels: { nodes: { name: string }[] };
  milestone: { title: string } | null;
  mergeQueueEntry?: { position: number; state: string } | null;
  mergeQueue?: { entries: { totalCount: number } } | null;
  commits: {
    nodes: {
      commit: {
        oid: string;
        status: { contexts: { context: string; state: string; description: string | null }[] } | null;
        statusCheckRollup: { contexts: { nodes: ({ __typename: string; name?: string; status?: string; conclusion?: string | null })[] } } | null;
      };
    }[];
  };
}

interface SearchData<N> extends RateLimited {
  search: { issueCount: number; pageInfo: PageInfo; nodes: N[] };
}

// Upstream asks for the last 4 commits, hoping the head is among them; the head's statuses come with it.
export const PR_SEARCH = graphqlDocument<SearchData<PRNode>, { query: string; after?: string | null }>('TidePRSearch', `
query TidePRSearch($query: String!, $after: String) {
  search(type: ISSUE, first: 100, after: $after, query: $query) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes {
      __typename
      ... on PullRequest {
        id number title body updatedAt
        author { login }
        baseRef { name }
        headRefName headRefOid mergeable mergeStateStatus canBeRebased reviewDecision
        repository { name url owner { login } mergeCommitAllowed squashMergeAllowed rebaseMergeAllowed }
        labels(first: 100) { nodes { name } }
        milestone { title }
        mergeQueueEntry { position state }
        mergeQueue { entries(first: 1) { totalCount } }
        commits(last: 4) {
          nodes {
            commit {
              oid
              status { contexts { context state description } }
              statusCheckRollup { contexts(last: 100) { nodes { __typename ... on CheckRun { name status conclusion } } } }
            }
          }
        }
      }
    }
  }
  rateLimit { cost remaining }
}`);

interface IssueNode {
  __typename?: string;
  number: number;
  title: string;
  url: string;
  repository: { name: string; owner: { login: string } };
}

export const BLOCKER_SEARCH = graphqlDocument<SearchData<IssueNode>, { query: string; after?: string | null }>('TideBlockerSearch', `
query TideBlockerSearch($query: String!, $after: String) {
  search(type: ISSUE, first: 100, after: $after, query: $query) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes { __typename ... on Issue { number title url repository { name owner { login } } } }
  }
  rateLimit { cost remaining }
}`);

export function toTidePR(n: PRNode): TidePR {
  const head = n.commits.nodes.find((c) => c.commit.oid === n.headRefOid)?.commit;
  const contexts: Context[] = [];
  for (const s of head?.status?.contexts ?? []) contexts.push({ context: s.context, state: s.state.toUpperCase() as ContextState, description: s.description ?? '' });
  const runs: Context[] = [];
  for (const c of head?.statusCheckRollup?.contexts.nodes ?? []) {
    // The rollup lists status contexts too (without a name here); only check runs are added.
    if (c.__typename !== 'CheckRun' || !c.name) continue;
    runs.push({ context: c.name, state: checkRunState(c.status ?? '', c.conclusion ?? null), description: '' });
  }
  return {
    org: n.repository.owner.login,
    repo: n.repository.name,
    number: n.number,
    title: n.title,
    body: n.body,
    author: n.author?.login ?? '',
    baseRef: n.baseRef?.name ?? '',
    headRefName: n.headRefName,
    headSha: n.headRefOid,
    mergeable: n.mergeable,
    mergeStateStatus: n.mergeStateStatus,
    canBeRebased: n.canBeRebased,
    reviewDecision: n.reviewDecision,
    labels: n.labels.nodes.map((l) => l.name),
    milestone: n.milestone?.title ?? null,
    updatedAt: n.updatedAt,
    contexts: [...contexts, ...dedupeContexts(runs)],
    repoUrl: n.repository.url,
    allowed: { merge: n.repository.mergeCommitAllowed, squash: n.repository.squashMergeAllowed, rebase: n.repository.rebaseMergeAllowed },
    ...(n.id ? { nodeId: n.id } : {}),
    ...(n.mergeQueueEntry ? { queue: { position: n.mergeQueueEntry.position, state: n.mergeQueueEntry.state, total: n.mergeQueue?.entries.totalCount ?? n.mergeQueueEntry.position } } : {}),
  };
}

export async function searchPRs(gh: GraphQLAPI, query: string): Promise<TidePR[]> {
  const nodes = await gh.graphqlPages(PR_SEARCH, { query }, (d) => d.search);
  return nodes.filter((n) => n.__typename === undefined || n.__typename === 'PullRequest').map(toTidePR);
}

// Upstream's branch token: `branch:release-1.2` in a blocker issue's title blocks only that branch.
const BRANCH_RE = /\bbranch:[^\w-]*([\w\-./]+)\b/gim;

export interface Blockers {
  /** org/repo → blockers of every branch. */
  repo: Map<string, Blocker[]>;
  /** org/repo:branch → blockers of that branch. */
  branch: Map<string, Blocker[]>;
}

export function blockersFromIssues(issues: readonly IssueNode[]): Blockers {
  const out: Blockers = { repo: new Map(), branch: new Map() };
  const add = (m: Map<string, Blocker[]>, k: string, b: Blocker): void => {
    m.set(k, [...(m.get(k) ?? []), b]);
  };
  for (const i of issues) {
    const orgRepo = `${i.repository.owner.login}/${i.repository.name}`;
    const block: Blocker = { number: i.number, title: i.title.replace(BRANCH_RE, ''), url: i.url };
    const branches = [...i.title.matchAll(BRANCH_RE)].map((m) => m[1]!);
    if (branches.length) for (const b of branches) add(out.branch, `${orgRepo}:${b}`, block);
    else add(out.repo, orgRepo, block);
  }
  return out;
}

export function applicableBlockers(b: Blockers, org: string, repo: string, branch: string): Blocker[] {
  return [...(b.repo.get(`${org}/${repo}`) ?? []), ...(b.branch.get(`${org}/${repo}:${branch}`) ?? [])].sort((x, y) => x.number - y.number);
}

export async function searchBlockers(gh: GraphQLAPI, label: string, orgRepoTokens: string): Promise<IssueNode[]> {
  const nodes = await gh.graphqlPages(BLOCKER_SEARCH, { query: `is:issue state:open label:"${label}" ${orgRepoTokens}` }, (d) => d.search);
  return nodes.filter((n) => n.__typename === undefined || n.__typename === 'Issue');
}
