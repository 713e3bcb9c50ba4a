// Where a branch requires GitHub's merge queue, Tide does not merge: it adds the PRs that are ready to the queue
// (enqueuePullRequest, guarded by the head SHA Tide judged), and GitHub tests and merges the groups.
import { graphqlDocument, type GraphQLAPI } from '../../src/github/graphql.js';
import type { Logger } from '../../src/runtime/logger.js';
import type { QueuePosition, TidePR } from './types.js';

interface EnqueueData {
  enqueuePullRequest: { mergeQueueEntry: { position: number; state: string; pullRequest: { mergeQueue: { entries: { totalCount: number } } | null } | null } | null } | null;
}

export const ENQUEUE_PR = graphqlDocument<EnqueueData, { id: string; head: string }>('TideEnqueue', `
mutation TideEnqueue($id: ID!, $head: GitObjectID!) {
  enqueuePullRequest(input: { pullRequestId: $id, expectedHeadOid: $head }) {
    mergeQueueEntry { position state pullRequest { mergeQueue { entries(first: 1) { totalCount } } } }
  }
}`);

export const DEQUEUE_PR = graphqlDocument<{ dequeuePullRequest: { clientMutationId: string | null } | null }, { id: string }>('TideDequeue', `
mutation TideDequeue($id: ID!) {
  dequeuePullRequest(input: { id: $id }) { clientMutationId }
}`);

export interface EnqueueOutcome {
  enqueued: TidePR[];
  /** PR number → why it could not be queued. */
  failed: Map<number, string>;
  /** PRs closed or merged since the search (the queue may have merged one as the search read it): nothing to do. */
  gone: TidePR[];
}

const GONE = /\b(not open|is closed|already merged|has been merged)\b/i;

/** Queues `prs` in order; each PR's `queue` is set from GitHub's answer. One refusal does not stop the others. */
export async function enqueuePRs(prs: readonly TidePR[], gh: GraphQLAPI, logger: Logger): Promise<EnqueueOutcome> {
  const out: EnqueueOutcome = { enqueued: [], failed: new Map(), gone: [] };
  for (const pr of prs) {
    if (!pr.nodeId) {
      out.failed.set(pr.number, 'the search did not return the pull request node ID');
      continue;
    }
    try {
      const entry = (await gh.graphql(ENQUEUE_PR, { id: pr.nodeId, head: pr.headSha })).enqueuePullRequest?.mergeQueueEntry;
      if (entry) {
        // An entry the queue already merged (no required checks) has no position any more.
        const position = Math.max(entry.position, 1);
        const q: QueuePosition = { position, state: entry.state, total: Math.max(position, entry.pullRequest?.mergeQueue?.entries.totalCount ?? 0) };
        pr.queue = q;
      }
      out.enqueued.push(pr);
      logger.info('Enqueued.', { org: pr.org, repo: pr.repo, pr: pr.number, position: entry?.position });
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      if (GONE.test(why)) {
        out.gone.push(pr);
        logger.info('Not enqueued: the PR closed since the search.', { org: pr.org, repo: pr.repo, pr: pr.number });
        continue;
      }
      out.failed.set(pr.number, `cannot add it to the merge queue: ${why}`);
      logger.info('Enqueue failed.', { org: pr.org, repo: pr.repo, pr: pr.number, reason: why });
    }
  }
  return out;
}
