// Webhook deliveries: every state change becomes a payload shaped as GitHub's (see
// /work/shared/reference/prow/webhooks/*.json), signed with the hook's secret and POSTed in order.
import { createHmac, randomUUID } from 'node:crypto';
import type { GitHubState, StateEvent } from './state.js';
import type { Json, Shapes } from './shapes.js';
import type { IssueRec, RepoRec } from './model.js';

export interface Delivery {
  /** The delivery's id in GitHub's deliveries API (each attempt, redeliveries included, has its own). */
  id: number;
  /** X-GitHub-Delivery (a redelivery keeps the original's). */
  guid: string;
  /** When it was attempted (ISO 8601), once sent. */
  deliveredAt?: string;
  /** Made by `POST …/deliveries/{id}/attempts`. */
  redelivery?: boolean;
  /** Repository the event is about (the deliveries API filters repo and org hooks by it). */
  repo?: { owner: string; name: string };
  /** X-GitHub-Event. */
  event: string;
  action?: string;
  payload: Json;
  /** Where it was sent (undefined when no hook is configured: the event is only recorded). */
  url?: string;
  /** The hook's HTTP status, or the network error. */
  status?: number;
  error?: string;
}

/** `sha256=<hex>` and `sha1=<hex>` signatures of a body, as X-Hub-Signature-256 / X-Hub-Signature. */
export function signPayload(secret: string, body: string | Buffer): { sha256: string; sha1: string } {
  return {
    sha256: `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    sha1: `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`,
  };
}

export class WebhookSender {
  readonly deliveries: Delivery[] = [];
  private nextId = 1;
  hookUrl: string | undefined;
  secret = '';
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly state: GitHubState, private readonly shapes: Shapes) {}

  /** Builds the payload now (a snapshot of the state) and queues its delivery after the earlier ones. */
  enqueue(e: StateEvent): void {
    const { payload, finish } = this.build(e);
    const delivery: Delivery = { id: this.nextId++, guid: randomUUID(), event: e.event, payload, repo: { owner: e.repo.owner, name: e.repo.name } };
    if (typeof payload.action === 'string') delivery.action = payload.action;
    this.deliveries.push(delivery);
    const url = this.hookUrl;
    const secret = this.secret;
    this.tail = this.tail.then(async () => {
      await finish().catch(() => undefined);
      if (url) await this.send(delivery, url, secret);
    });
  }

  /** A new attempt of an earlier delivery (same GUID and payload) to the current hook URL, queued after the others. */
  redeliver(original: Delivery): Delivery {
    const { id: _id, deliveredAt: _at, status: _status, error: _error, url: _url, ...rest } = original;
    const again: Delivery = { ...rest, id: this.nextId++, redelivery: true };
    this.deliveries.push(again);
    const url = this.hookUrl;
    const secret = this.secret;
    this.tail = this.tail.then(async () => {
      if (url) await this.send(again, url, secret);
      else again.error = 'no hook URL';
    });
    return again;
  }

  /** Resolves once every queued delivery was attempted. */
  flush(): Promise<void> {
    return this.tail;
  }

  private async send(d: Delivery, url: string, secret: string): Promise<void> {
    d.url = url;
    d.deliveredAt = new Date().toISOString();
    const body = JSON.stringify(d.payload);
    const sig = signPayload(secret, body);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'GitHub-Hookshot/fake',
          'x-github-event': d.event,
          'x-github-delivery': d.guid,
          'x-github-hook-id': '1',
          'x-hub-signature-256': sig.sha256,
          'x-hub-signature': sig.sha1,
        },
        body,
        signal: AbortSignal.timeout(30_000),
      });
      d.status = res.status;
      await res.arrayBuffer();
    } catch (e) {
      d.error = e instanceof Error ? e.message : String(e);
    }
  }

  /** The payload (synchronous snapshot) and a step that fills fields computed from git before sending. */
  private build(e: StateEvent): { payload: Json; finish: () => Promise<void> } {
    const s = this.shapes;
    const base = (repo: RepoRec): Json => {
      const out: Json = { repository: s.repo(repo), sender: s.user(e.actor) };
      const org = this.state.orgs.get(repo.owner.toLowerCase());
      if (org) out.organization = s.org(org);
      return out;
    };
    const noop = async (): Promise<void> => undefined;
    switch (e.event) {
      case 'pull_request': {
        const pr = this.snapshotPull(e.repo, e.issue);
        const payload: Json = { action: e.action, number: e.issue.number, pull_request: pr.json, ...base(e.repo), ...(e.extra ?? {}) };
        if (e.label) payload.label = s.label(e.repo, e.label);
        if (typeof e.extra?.assignee === 'string') payload.assignee = s.user(e.extra.assignee);
        if (typeof e.extra?.requested_reviewer === 'string') payload.requested_reviewer = s.user(e.extra.requested_reviewer);
        return { payload, finish: pr.finish };
      }
      case 'issues': {
        const payload: Json = { action: e.action, issue: s.issue(e.repo, e.issue), ...base(e.repo), ...(e.extra ?? {}) };
        if (e.label) payload.label = s.label(e.repo, e.label);
        if (typeof e.extra?.assignee === 'string') payload.assignee = s.user(e.extra.assignee);
        return { payload, finish: noop };
      }
      case 'issue_comment': {
        const payload: Json = { action: e.action, issue: s.issue(e.repo, e.issue), comment: s.comment(e.repo, e.comment), ...base(e.repo) };
        if (e.changes) payload.changes = e.changes;
        return { payload, finish: noop };
      }
      case 'pull_request_review': {
        const pr = this.snapshotPull(e.repo, e.issue);
        return { payload: { action: e.action, review: s.review(e.repo, e.issue, e.review), pull_request: pr.json, ...base(e.repo) }, finish: pr.finish };
      }
      case 'pull_request_review_comment': {
        const pr = this.snapshotPull(e.repo, e.issue);
        return { payload: { action: e.action, comment: s.reviewComment(e.repo, e.comment), pull_request: pr.json, ...base(e.repo) }, finish: pr.finish };
      }
      case 'push': {
        const payload: Json = {
          ref: e.ref,
          before: e.before,
          after: e.after,
          created: /^0+$/.test(e.before),
          deleted: /^0+$/.test(e.after),
          forced: false,
          base_ref: null,
          compare: `${s.repo(e.repo).html_url as string}/compare/${e.before.slice(0, 12)}...${e.after.slice(0, 12)}`,
          commits: [],
          head_commit: null,
          pusher: { name: e.actor, email: this.state.gitPerson(e.actor).email },
          ...base(e.repo),
        };
        // Push payloads carry the older repository shape: owner with name/email, epoch timestamps, master_branch.
        const repoJson = payload.repository as Json;
        const epoch = (t: unknown): number => Math.floor(Date.parse(String(t)) / 1000);
        payload.repository = {
          ...repoJson,
          owner: { ...(repoJson.owner as Json), name: e.repo.owner, email: null },
          created_at: epoch(repoJson.created_at),
          pushed_at: epoch(repoJson.pushed_at),
          stargazers: 0,
          master_branch: e.repo.defaultBranch,
          ...(this.state.orgs.has(e.repo.owner.toLowerCase()) ? { organization: e.repo.owner } : {}),
        };
        const finish = async (): Promise<void> => {
          const range = /^0+$/.test(e.before) ? [await e.repo.git.commitInfo(e.after)].filter((c) => c !== null) : await e.repo.git.commitsBetween(e.before, e.after);
          const commits = [];
          for (const c of range) {
            const files = c.parents.length > 0 ? await e.repo.git.changedFiles(c.parents[0], c.sha) : [];
            commits.push({
              id: c.sha,
              tree_id: c.tree,
              distinct: true,
              message: c.message,
              timestamp: c.author.date,
              url: `${s.repo(e.repo).html_url as string}/commit/${c.sha}`,
              author: { name: c.author.name, email: c.author.email, username: c.author.name },
              committer: { name: c.committer.name, email: c.committer.email, username: c.committer.name },
              added: files.filter((f) => f.status === 'added').map((f) => f.filename),
              removed: files.filter((f) => f.status === 'removed').map((f) => f.filename),
              modified: files.filter((f) => f.status === 'modified').map((f) => f.filename),
            });
          }
          payload.commits = commits;
          payload.head_commit = commits.at(-1) ?? null;
        };
        return { payload, finish };
      }
      case 'merge_group': {
        // GitHub's merge_group payload: the group's head and base as full refs and SHAs, head_commit expanded.
        const group: Json = { head_sha: e.group.headSha, head_ref: e.group.headRef, base_sha: e.group.baseSha, base_ref: e.group.baseRef, head_commit: null };
        const payload: Json = { action: e.action, ...(e.reason ? { reason: e.reason } : {}), merge_group: group, ...base(e.repo) };
        const finish = async (): Promise<void> => {
          const c = await e.repo.git.commitInfo(e.group.headSha);
          if (c) {
            group.head_commit = {
              id: c.sha, tree_id: c.tree, message: c.message, timestamp: c.committer.date,
              author: { name: c.author.name, email: c.author.email }, committer: { name: c.committer.name, email: c.committer.email },
            };
          }
        };
        return { payload, finish };
      }
      case 'status': {
        const st = s.status(e.repo, e.sha, e.status);
        const payload: Json = {
          id: e.status.id,
          sha: e.sha,
          name: `${e.repo.owner}/${e.repo.name}`,
          target_url: e.status.targetUrl,
          context: e.status.context,
          description: e.status.description,
          state: e.status.state,
          commit: { sha: e.sha },
          branches: [],
          created_at: st.created_at,
          updated_at: st.updated_at,
          ...base(e.repo),
        };
        return { payload, finish: noop };
      }
    }
  }

  /** A PR payload now; base sha and diff stats are filled from git before sending (mergeable stays null, as GitHub's). */
  private snapshotPull(repo: RepoRec, issue: IssueRec): { json: Json; finish: () => Promise<void> } {
    const json = this.shapes.pull(repo, issue, { mergeable: null, baseSha: '', commits: 0, additions: 0, deletions: 0, changedFiles: 0 });
    const headSha = issue.pull?.headSha ?? '';
    const baseRef = issue.pull?.baseRef ?? repo.defaultBranch;
    const baseShaAtMerge = issue.pull?.baseShaAtMerge ?? null;
    const finish = async (): Promise<void> => {
      const live = await this.state.pullLive(repo, { headSha, baseRef, baseShaAtMerge }, false);
      (json.base as Json).sha = live.baseSha;
      json.commits = live.commits;
      json.additions = live.additions;
      json.deletions = live.deletions;
      json.changed_files = live.changedFiles;
    };
    return { json, finish };
  }
}
