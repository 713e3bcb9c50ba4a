// GitHub's merge queue on branches whose rulesets (or branch protection) require it. Enqueueing a PR builds its
// merge group with real git — the PR merged onto the previous group's head (or the base tip) on the branch
// `gh-readonly-queue/<branch>/pr-<n>-<parent sha>` — and sends `merge_group`/`checks_requested`. Once the branch's
// required checks pass on a group head and every entry before it merged, the base branch fast-forwards to it, the
// PR closes as merged and `merge_group`/`destroyed` (reason `merged`) is sent. A failing required check, or
// dequeuePullRequest, removes the entry (`destroyed`, reason `dequeued`); the groups after it are rebuilt
// (`destroyed`, reason `invalidated`, then `checks_requested` for their new heads). Every change runs one at a
// time, after the ones before it.
import { MergeConflictError, type MergeMethod } from '../git/index.js';
import { GitHubError, type IssueRec, type MergeQueueEntryRec, type RepoRec } from './model.js';
import { mergeQueueRule, requiredChecks } from './rulesets.js';
import { now, type GitHubState } from './state.js';

export const QUEUE_BRANCH_PREFIX = 'gh-readonly-queue/';

type DestroyReason = 'merged' | 'dequeued' | 'invalidated';

export class MergeQueues {
  private tail: Promise<unknown> = Promise.resolve();
  /** Errors of queue work nobody awaited (evaluations after a status): a bug in the fake, shown by tests. */
  readonly errors: Error[] = [];

  constructor(private readonly state: GitHubState) {}

  /** Resolves once every queued change and evaluation finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  entries(repo: RepoRec, branch: string): MergeQueueEntryRec[] {
    let list = repo.mergeQueues.get(branch);
    if (!list) {
      list = [];
      repo.mergeQueues.set(branch, list);
    }
    return list;
  }

  /** The PR's entry and its 1-based position, if it is queued. */
  entryOf(repo: RepoRec, issue: IssueRec): { entry: MergeQueueEntryRec; position: number } | undefined {
    if (!issue.pull) return undefined;
    const list = repo.mergeQueues.get(issue.pull.baseRef) ?? [];
    const i = list.findIndex((e) => e.number === issue.number);
    return i < 0 ? undefined : { entry: list[i]!, position: i + 1 };
  }

  /** enqueuePullRequest: adds the PR (idempotent) and builds its merge group. */
  enqueue(repo: RepoRec, number: number, actor: string, expectedHeadOid?: string): Promise<MergeQueueEntryRec> {
    return this.serial(async () => {
      const issue = this.state.pull(repo, number);
      const pull = issue.pull;
      if (issue.state !== 'open' || pull.merged) throw new GitHubError(422, 'Pull request is not open.');
      if (pull.draft) throw new GitHubError(422, 'Draft pull requests cannot be added to the merge queue.');
      if (!mergeQueueRule(repo, pull.baseRef)) throw new GitHubError(422, `The merge queue is not enabled for the branch ${pull.baseRef}.`);
      if (expectedHeadOid && expectedHeadOid !== pull.headSha) throw new GitHubError(422, 'The pull request head has changed since it was expected.');
      const existing = this.entryOf(repo, issue);
      if (existing) return existing.entry;
      const list = this.entries(repo, pull.baseRef);
      const entry: MergeQueueEntryRec = { id: this.state.id(), number, enqueuer: actor, enqueuedAt: now(), baseSha: '', headSha: '', headRef: '', state: 'AWAITING_CHECKS' };
      const parent = list.at(-1)?.headSha ?? (await repo.git.mustResolve(`refs/heads/${pull.baseRef}`));
      await this.build(repo, pull.baseRef, entry, parent);
      list.push(entry);
      this.state.emit({ event: 'pull_request', action: 'enqueued', repo, issue, actor });
      this.requestChecks(repo, pull.baseRef, entry, actor);
      await this.evaluate(repo, pull.baseRef);
      return entry;
    });
  }

  /** dequeuePullRequest: removes the PR; the groups after it are rebuilt. */
  dequeue(repo: RepoRec, number: number, actor: string): Promise<MergeQueueEntryRec> {
    return this.serial(async () => {
      const issue = this.state.pull(repo, number);
      const found = this.entryOf(repo, issue);
      if (!found) throw new GitHubError(422, 'The pull request is not in the merge queue.');
      await this.remove(repo, issue.pull.baseRef, found.position - 1, 'MANUAL', actor);
      return found.entry;
    });
  }

  /** After a status or check run on `sha`: merges or removes the entries whose group head it is. */
  checksChanged(repo: RepoRec, sha: string): void {
    for (const [branch, list] of repo.mergeQueues) {
      if (!list.some((e) => e.headSha === sha)) continue;
      this.serial(() => this.evaluate(repo, branch)).catch((e: unknown) => this.errors.push(e as Error));
    }
  }

  /** The required checks' verdict on a group head: all pass, one failed, or still waiting. */
  private verdict(repo: RepoRec, branch: string, sha: string): 'pass' | 'fail' | 'wait' {
    const states = new Map<string, string>();
    for (const s of this.state.latestStatuses(repo, sha)) states.set(s.context, s.state);
    for (const c of repo.checkRuns.filter((r) => r.headSha === sha)) {
      states.set(c.name, c.status !== 'completed' ? 'pending' : ['success', 'neutral', 'skipped'].includes(c.conclusion ?? '') ? 'success' : 'failure');
    }
    let verdict: 'pass' | 'wait' = 'pass';
    for (const ctx of requiredChecks(repo, branch)) {
      const s = states.get(ctx);
      if (s === 'failure' || s === 'error') return 'fail';
      if (s !== 'success') verdict = 'wait';
    }
    return verdict;
  }

  private async evaluate(repo: RepoRec, branch: string): Promise<void> {
    const list = this.entries(repo, branch);
    for (;;) {
      for (let i = 0; i < list.length; i++) {
        const v = this.verdict(repo, branch, list[i]!.headSha);
        if (v === 'fail') {
          await this.remove(repo, branch, i, 'CI_FAILURE', this.state.botLogin);
          i--;
          continue;
        }
        list[i]!.state = v === 'pass' ? 'MERGEABLE' : 'AWAITING_CHECKS';
      }
      if (list[0]?.state !== 'MERGEABLE') return;
      await this.mergeFirst(repo, branch);
    }
  }

  /** Fast-forwards the base branch to the first group's head and closes its PR as merged. */
  private async mergeFirst(repo: RepoRec, branch: string): Promise<void> {
    const list = this.entries(repo, branch);
    const entry = list[0]!;
    const before = await repo.git.mustResolve(`refs/heads/${branch}`);
    if (before !== entry.baseSha) {
      // The branch moved outside the queue: every group is rebuilt on its new tip.
      await this.rebuildFrom(repo, branch, 0, this.state.botLogin);
      return;
    }
    list.shift();
    await repo.git.updateRef(`refs/heads/${branch}`, entry.headSha);
    await repo.git.deleteRef(`refs/heads/${entry.headRef}`);
    const issue = this.state.pull(repo, entry.number);
    const t = now();
    Object.assign(issue.pull, { merged: true, mergedAt: t, mergedBy: entry.enqueuer, mergeCommitSha: entry.headSha, baseShaAtMerge: before });
    Object.assign(issue, { state: 'closed', closedAt: t, closedBy: entry.enqueuer, updatedAt: t });
    repo.pushedAt = t;
    this.state.emit({ event: 'push', repo, ref: `refs/heads/${branch}`, before, after: entry.headSha, actor: entry.enqueuer });
    this.state.emit({ event: 'pull_request', action: 'closed', repo, issue, actor: entry.enqueuer });
    this.destroyed(repo, branch, entry, 'merged', entry.enqueuer);
  }

  /** Takes an entry out (`destroyed`, reason `dequeued`; pull_request `dequeued` with GitHub's reason). */
  private async remove(repo: RepoRec, branch: string, index: number, why: 'MANUAL' | 'CI_FAILURE', actor: string): Promise<void> {
    const list = this.entries(repo, branch);
    const [entry] = list.splice(index, 1);
    await repo.git.deleteRef(`refs/heads/${entry!.headRef}`);
    this.destroyed(repo, branch, entry!, 'dequeued', actor);
    this.state.emit({ event: 'pull_request', action: 'dequeued', repo, issue: this.state.pull(repo, entry!.number), actor, extra: { reason: why } });
    await this.rebuildFrom(repo, branch, index, actor);
  }

  /** Rebuilds the groups from `index` on, each on the one before it (or the base tip); a group that conflicts leaves. */
  private async rebuildFrom(repo: RepoRec, branch: string, index: number, actor: string): Promise<void> {
    const list = this.entries(repo, branch);
    for (let i = index; i < list.length; i++) {
      const entry = list[i]!;
      await repo.git.deleteRef(`refs/heads/${entry.headRef}`);
      this.destroyed(repo, branch, entry, 'invalidated', actor);
      const parent = i > 0 ? list[i - 1]!.headSha : await repo.git.mustResolve(`refs/heads/${branch}`);
      try {
        await this.build(repo, branch, entry, parent);
      } catch (e) {
        if (!(e instanceof GitHubError)) throw e;
        list.splice(i, 1);
        i--;
        continue;
      }
      this.requestChecks(repo, branch, entry, actor);
    }
  }

  /** The group commit: the PR merged onto `parent` with the queue's merge method, on its own branch. */
  private async build(repo: RepoRec, branch: string, entry: MergeQueueEntryRec, parent: string): Promise<void> {
    const issue = this.state.pull(repo, entry.number);
    const headRef = `${QUEUE_BRANCH_PREFIX}${branch}/pr-${entry.number}-${parent}`;
    const method = String(mergeQueueRule(repo, branch)?.merge_method ?? 'MERGE').toLowerCase() as MergeMethod;
    await repo.git.updateRef(`refs/heads/${headRef}`, parent);
    const message = method === 'squash' ? `${issue.title} (#${entry.number})` : `Merge pull request #${entry.number} from ${issue.user}/${issue.pull.headRef}\n\n${issue.title}`;
    try {
      entry.headSha = await repo.git.mergeInto(headRef, `refs/pull/${entry.number}/head`, ['merge', 'squash', 'rebase'].includes(method) ? method : 'merge', message, this.state.gitPerson(entry.enqueuer));
    } catch (e) {
      await repo.git.deleteRef(`refs/heads/${headRef}`);
      if (e instanceof MergeConflictError) throw new GitHubError(422, 'The pull request has merge conflicts with the merge queue.');
      throw e;
    }
    entry.baseSha = parent;
    entry.headRef = headRef;
    entry.state = 'AWAITING_CHECKS';
  }

  private requestChecks(repo: RepoRec, branch: string, entry: MergeQueueEntryRec, actor: string): void {
    this.state.emit({ event: 'merge_group', action: 'checks_requested', repo, actor, group: this.group(branch, entry) });
  }

  private destroyed(repo: RepoRec, branch: string, entry: MergeQueueEntryRec, reason: DestroyReason, actor: string): void {
    this.state.emit({ event: 'merge_group', action: 'destroyed', reason, repo, actor, group: this.group(branch, entry) });
  }

  private group(branch: string, e: MergeQueueEntryRec): MergeGroup {
    return { headSha: e.headSha, headRef: `refs/heads/${e.headRef}`, baseSha: e.baseSha, baseRef: `refs/heads/${branch}` };
  }
}

export interface MergeGroup {
  headSha: string;
  headRef: string;
  baseSha: string;
  baseRef: string;
}
