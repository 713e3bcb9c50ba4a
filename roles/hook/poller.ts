// Poll mode (--github-poll-interval): for teams GitHub cannot reach. Every interval, for each repo in plugins.yaml,
// reads open PRs, new issue and review comments, reviews of open PRs and branch heads with conditional requests
// (an unchanged resource answers 304, which costs no rate limit), turns what changed since the last poll into the
// events the webhook path would have received, and hands them to the same journal and dispatcher.
//
// What was seen is kept under <data-dir>/hook/poller/, so a restart neither repeats events nor misses the changes made
// while it was down. The first poll of a repo only records where things stand (nothing that existed before poll mode
// was turned on is replayed). Webhooks and polling can run together: both go through the intake ledger's content
// keys, so a change is handled once whichever way it arrives first.
//
// Budget: --github-poll-hourly-budget caps the requests per hour that cost a rate-limit token (304s are free); past
// 80% of it, or when GitHub's own remaining limit is under 10%, polling slows to a quarter of its pace, and once the
// budget is spent it waits for the next hour.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Octokit } from 'octokit';
import client from 'prom-client';
import type { PluginsConfig } from '../../src/config/types.js';
import { BadEventError, webhookFromPayload, type WebhookEvent } from '../../src/github/events.js';
import { newOctokit, type GitHubClientFactory } from '../../src/github/factory.js';
import { sign, tokensFor, type HmacSecrets } from '../../src/github/hmac.js';
import type { Logger } from '../../src/runtime/logger.js';
import { getOrCreate, type MetricsRegistry } from '../../src/runtime/metrics.js';
import type { Delivery } from './deliveries.js';
import type { Intake } from './intake-filter.js';

const ZERO_SHA = '0000000000000000000000000000000000000000';
const HOUR_MS = 3600_000;
/** Comment ids remembered per repo (comments listed again under an unchanged cursor are recognised). */
const KNOWN_COMMENTS = 2_000;

type Obj = Record<string, unknown>;

interface PullState {
  head: string;
  labels: string[];
  reviews: number[];
}

interface RepoState {
  prs: Record<string, PullState>;
  branches: Record<string, string>;
  comments: CommentCursor;
  reviewComments: CommentCursor;
  /** PRs seen closed (bounded): one that shows up open again was reopened. */
  closed?: number[];
}

/** Comments are listed `since` the newest updated_at seen; ids already handed on are remembered (bounded). */
interface CommentCursor {
  since: string;
  ids: number[];
}

export interface PollerOptions {
  github: GitHubClientFactory;
  plugins: () => PluginsConfig;
  intake: Intake;
  /** Journals and dispatches a polled event, as the webhook path does. */
  submit: (d: Delivery, ev: WebhookEvent) => void;
  /** HMAC secrets, to sign what external plugins are forwarded. */
  secrets: () => HmacSecrets | undefined;
  stateDir: string;
  intervalMs: number;
  hourlyBudget: number;
  logger: Logger;
  metrics: MetricsRegistry;
  now?: () => number;
}

class BudgetSpent extends Error {}

export class Poller {
  private readonly etags = new Map<string, string>();
  private readonly states = new Map<string, RepoState>();
  private readonly requests: client.Counter<'result'>;
  private readonly events: client.Counter<'event_type'>;
  private readonly budgetGauge: client.Gauge;
  private readonly githubRemaining: client.Gauge;
  private readonly intervalGauge: client.Gauge;
  private readonly cycles: client.Counter;
  private readonly now: () => number;
  private windowStart: number;
  private spent = 0;
  private githubLow = false;
  private timer: NodeJS.Timeout | undefined;
  private cycle: Promise<void> | undefined;
  private stopped = false;
  private pace: 'normal' | 'slow' | 'waiting' = 'normal';
  /** Number of the poll in progress (1 for the first). */
  private cycleNo = 0;

  constructor(private readonly opts: PollerOptions) {
    this.now = opts.now ?? Date.now;
    this.windowStart = this.now();
    mkdirSync(opts.stateDir, { recursive: true });
    const m = opts.metrics;
    this.requests = getOrCreate(m, 'prow_poll_requests_total', () => new client.Counter({ registers: [],
      name: 'prow_poll_requests_total', help: 'GitHub requests of poll mode: modified (cost a rate-limit token) or not_modified (304, free).', labelNames: ['result'],
    }));
    this.events = getOrCreate(m, 'prow_poll_events_total', () => new client.Counter({ registers: [],
      name: 'prow_poll_events_total', help: 'Events poll mode handed to the plugins, by event type.', labelNames: ['event_type'],
    }));
    this.budgetGauge = getOrCreate(m, 'prow_poll_budget_remaining', () => new client.Gauge({ registers: [],
      name: 'prow_poll_budget_remaining', help: 'Rate-limit tokens poll mode may still spend this hour (--github-poll-hourly-budget).',
    }));
    this.githubRemaining = getOrCreate(m, 'prow_poll_github_rate_limit_remaining', () => new client.Gauge({ registers: [],
      name: 'prow_poll_github_rate_limit_remaining', help: 'X-RateLimit-Remaining of the last GitHub answer poll mode paid for.',
    }));
    this.intervalGauge = getOrCreate(m, 'prow_poll_interval_seconds', () => new client.Gauge({ registers: [],
      name: 'prow_poll_interval_seconds', help: 'Current time between polls (longer than --github-poll-interval when the budget is low).',
    }));
    this.cycles = getOrCreate(m, 'prow_poll_cycles_total', () => new client.Counter({ registers: [],
      name: 'prow_poll_cycles_total', help: 'Completed polls of every repo in plugins.yaml.',
    }));
    this.budgetGauge.set(opts.hourlyBudget);
  }

  /** Polls now and then every interval until stop(). */
  start(): void {
    this.opts.logger.info('poll mode on', { intervalMs: this.opts.intervalMs, hourlyBudget: this.opts.hourlyBudget, repos: this.repos().length });
    const loop = (): void => {
      this.cycle = this.pollOnce().finally(() => {
        this.cycle = undefined;
        if (!this.stopped) this.timer = setTimeout(loop, this.nextDelay());
      });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.cycle;
  }

  /** One poll of every repo. Never throws: a repo that fails is logged and polled again next time. */
  async pollOnce(): Promise<void> {
    this.rollWindow();
    if (this.spent >= this.opts.hourlyBudget) return;
    this.cycleNo++;
    for (const full of await this.reposExpanded()) {
      if (this.stopped) return;
      try {
        await this.pollRepo(full);
      } catch (e) {
        if (e instanceof BudgetSpent) {
          this.opts.logger.warn('poll budget for this hour spent; polling waits for the next hour', { hourlyBudget: this.opts.hourlyBudget });
          return;
        }
        this.opts.logger.warn('cannot poll repository', { repo: full, error: e });
      }
    }
    this.cycles.inc();
  }

  private nextDelay(): number {
    this.rollWindow();
    let pace: typeof this.pace = 'normal';
    let delay = this.opts.intervalMs;
    if (this.spent >= this.opts.hourlyBudget) {
      pace = 'waiting';
      delay = Math.max(delay, this.windowStart + HOUR_MS - this.now());
    } else if (this.spent >= 0.8 * this.opts.hourlyBudget || this.githubLow) {
      pace = 'slow';
      delay *= 4;
    }
    if (pace !== this.pace) {
      this.opts.logger.info('poll pace changed', { pace, delayMs: delay, spentThisHour: this.spent, hourlyBudget: this.opts.hourlyBudget });
      this.pace = pace;
    }
    this.intervalGauge.set(delay / 1000);
    return delay;
  }

  private rollWindow(): void {
    if (this.now() - this.windowStart >= HOUR_MS) {
      this.windowStart = this.now();
      this.spent = 0;
      this.budgetGauge.set(this.opts.hourlyBudget);
    }
  }

  /** org/repo keys of plugins.yaml (org keys are expanded when polled). */
  private repos(): string[] {
    return Object.keys(this.opts.plugins().plugins ?? {});
  }

  private async reposExpanded(): Promise<string[]> {
    const pc = this.opts.plugins();
    const out = new Set<string>();
    for (const key of this.repos()) {
      if (key.includes('/')) {
        out.add(key);
        continue;
      }
      try {
        const excluded = new Set(pc.plugins?.[key]?.excluded_repos ?? []);
        for (const r of (await this.pages<Obj>(key, `/orgs/${enc(key)}/repos`, {})).items) {
          if (r.archived !== true && !excluded.has(String(r.name))) out.add(String(r.full_name));
        }
      } catch (e) {
        if (e instanceof BudgetSpent) throw e;
        this.opts.logger.warn('cannot list the repositories of an org in plugins.yaml', { org: key, error: e });
      }
    }
    return [...out];
  }

  // ---- one repository ----

  private async pollRepo(full: string): Promise<void> {
    const [org, name] = full.split('/');
    const base = `/repos/${enc(org)}/${enc(name)}`;
    const known = this.load(full);
    const pulls = await this.pages<Obj>(org, `${base}/pulls`, { state: 'open', sort: 'created', direction: 'asc' });
    const st: RepoState = (known && structuredClone(known)) ?? { prs: {}, branches: {}, comments: { since: pulls.date, ids: [] }, reviewComments: { since: pulls.date, ids: [] } };
    let repository: Obj | undefined;
    const repo = async (): Promise<Obj> => (repository ??= (await this.get<Obj>(org, base, {})).data);
    const emit = async (eventType: string, payload: Obj): Promise<void> => this.emit(full, eventType, { ...payload, repository: await repo() });

    // Pull requests: opened, synchronize, labeled/unlabeled, reviews; closed when one leaves the open list.
    const open = new Map(pulls.items.map((p) => [String(p.number), p]));
    for (const [num, pr] of open) {
      const prev = st.prs[num];
      const head = String((pr.head as Obj).sha);
      const labels = ((pr.labels as Obj[] | undefined) ?? []).map((l) => String(l.name));
      const now: PullState = { head, labels, reviews: prev?.reviews ?? [] };
      if (known !== undefined) {
        if (!prev) {
          const reopened = st.closed?.includes(Number(num)) === true;
          await emit('pull_request', { action: reopened ? 'reopened' : 'opened', number: pr.number, pull_request: pr, sender: pr.user });
        }
        else {
          if (prev.head !== head) await emit('pull_request', { action: 'synchronize', number: pr.number, before: prev.head, after: head, pull_request: pr, sender: pr.user });
          for (const l of labels.filter((x) => !prev.labels.includes(x))) {
            await emit('pull_request', { action: 'labeled', number: pr.number, label: findLabel(pr, l), pull_request: pr, sender: pr.user });
          }
          for (const l of prev.labels.filter((x) => !labels.includes(x))) {
            await emit('pull_request', { action: 'unlabeled', number: pr.number, label: { name: l }, pull_request: pr, sender: pr.user });
          }
        }
      }
      const reviews = await this.pages<Obj>(org, `${base}/pulls/${num}/reviews`, {});
      for (const r of reviews.items) {
        if (now.reviews.includes(Number(r.id)) || r.state === 'PENDING') continue;
        now.reviews.push(Number(r.id));
        if (known !== undefined) await emit('pull_request_review', { action: 'submitted', review: r, pull_request: pr, sender: r.user });
      }
      st.prs[num] = now;
      if (st.closed?.includes(Number(num))) st.closed = st.closed.filter((n) => n !== Number(num));
    }
    for (const num of Object.keys(st.prs)) {
      if (open.has(num)) continue;
      const pr = (await this.get<Obj>(org, `${base}/pulls/${num}`, {})).data;
      delete st.prs[num];
      if (pr.state !== 'closed') continue;
      st.closed = [...(st.closed ?? []).filter((n) => n !== Number(num)), Number(num)].slice(-KNOWN_COMMENTS);
      if (known !== undefined) await emit('pull_request', { action: 'closed', number: pr.number, pull_request: pr, sender: pr.user });
    }

    // Issue comments (on issues and PRs) and review comments created since their cursors (which the first poll sets
    // to the server's time).
    if (known !== undefined) {
      for (const c of await this.newComments(org, `${base}/issues/comments`, st.comments)) {
        const issueNumber = /\/issues\/(\d+)$/.exec(String(c.issue_url))?.[1];
        if (!issueNumber) continue;
        const issue = (await this.get<Obj>(org, `${base}/issues/${issueNumber}`, {})).data;
        await emit('issue_comment', { action: 'created', issue, comment: c, sender: c.user });
      }
      for (const c of await this.newComments(org, `${base}/pulls/comments`, st.reviewComments)) {
        const num = /\/pulls\/(\d+)$/.exec(String(c.pull_request_url))?.[1];
        if (!num) continue;
        const pr = open.get(num) ?? (await this.get<Obj>(org, `${base}/pulls/${num}`, {})).data;
        await emit('pull_request_review_comment', { action: 'created', comment: c, pull_request: pr, sender: c.user });
      }
    }

    // Branch heads: pushes.
    const branches = await this.pages<Obj>(org, `${base}/branches`, {});
    const heads = new Map(branches.items.map((b) => [String(b.name), String((b.commit as Obj).sha)]));
    if (known !== undefined) {
      for (const [branch, after] of heads) {
        const before = st.branches[branch] ?? ZERO_SHA;
        if (before !== after) await emit('push', await this.pushPayload(org, base, branch, before, after, await repo()));
      }
      for (const branch of Object.keys(st.branches).filter((b) => !heads.has(b))) {
        await emit('push', { ref: `refs/heads/${branch}`, before: st.branches[branch], after: ZERO_SHA, created: false, deleted: true, forced: false, commits: [], head_commit: null });
      }
    }
    st.branches = Object.fromEntries(heads);
    this.save(full, st);
  }

  /** Comments listed since the cursor that were not seen before; moves the cursor. */
  private async newComments(org: string, route: string, cursor: CommentCursor): Promise<Obj[]> {
    const listed = (await this.get<Obj[]>(org, route, { since: cursor.since, sort: 'updated', direction: 'asc', per_page: 100 })).data;
    const fresh: Obj[] = [];
    for (const c of listed) {
      cursor.since = maxTime(cursor.since, String(c.updated_at));
      if (cursor.ids.includes(Number(c.id))) continue;
      cursor.ids = [...cursor.ids, Number(c.id)].slice(-KNOWN_COMMENTS);
      fresh.push(c);
    }
    return fresh;
  }

  private async pushPayload(org: string, base: string, branch: string, before: string, after: string, repository: Obj): Promise<Obj> {
    const created = before === ZERO_SHA;
    const commits: Obj[] = [];
    if (!created) {
      const cmp = (await this.get<Obj>(org, `${base}/compare/${before}...${after}`, {})).data;
      const files = (cmp.files as Obj[] | undefined) ?? [];
      const list = (cmp.commits as Obj[] | undefined) ?? [];
      list.forEach((c, i) => {
        const last = i === list.length - 1;
        const byStatus = (s: string): string[] => (last ? files.filter((f) => f.status === s).map((f) => String(f.filename)) : []);
        commits.push({
          id: c.sha, message: (c.commit as Obj | undefined)?.message, url: c.html_url, distinct: true,
          // The compare API gives the files of the whole range: they are put on the head commit.
          added: byStatus('added'), removed: byStatus('removed'), modified: [...byStatus('modified'), ...byStatus('renamed')],
        });
      });
    }
    return {
      ref: `refs/heads/${branch}`, before, after, created, deleted: false, forced: false, base_ref: null,
      compare: `${String(repository.html_url)}/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
      commits, head_commit: commits.at(-1) ?? null,
    };
  }

  /** Builds the delivery the webhook would have been, drops it if the change was already taken in, else submits it. */
  private emit(full: string, eventType: string, payload: Obj): void {
    const guid = `poll-${randomUUID()}`;
    let ev: WebhookEvent;
    try {
      ev = webhookFromPayload(eventType, guid, payload);
    } catch (e) {
      if (!(e instanceof BadEventError)) throw e;
      this.opts.logger.warn('polled change does not make a valid event; skipped', { repo: full, 'event-type': eventType, error: e });
      return;
    }
    const dup = this.opts.intake.duplicateContent(ev);
    if (dup !== undefined) {
      this.opts.logger.debug('polled change already taken in', { repo: full, 'event-type': eventType, reason: dup });
      return;
    }
    const body = Buffer.from(JSON.stringify(payload));
    const headers: Record<string, string> = {
      'content-type': 'application/json', 'x-github-event': eventType, 'x-github-delivery': guid, 'user-agent': 'prow-poller',
    };
    const secrets = this.opts.secrets();
    const token = secrets ? tokensFor(secrets, full)[0] : undefined;
    if (token !== undefined) {
      headers['x-hub-signature-256'] = sign(body, token, 'sha256');
      headers['x-hub-signature'] = sign(body, token, 'sha1');
    }
    // Journaled first: if that fails the poll state is not saved either, and the change is found again next time.
    this.opts.submit({ eventType, guid, headers, body, receivedAt: new Date(this.now()).toISOString() }, ev);
    this.opts.intake.acceptedPolled(ev);
    this.events.inc({ event_type: eventType });
    const action = typeof payload.action === 'string' ? payload.action : undefined;
    this.opts.logger.info('polled change handed to the plugins', { repo: full, 'event-type': eventType, 'event-GUID': guid, ...(action ? { action } : {}), poll: this.cycleNo });
  }

  // ---- conditional requests ----

  private octokits = new Map<string, Octokit>();

  private octokit(org: string): Octokit {
    let o = this.octokits.get(org.toLowerCase());
    if (!o) {
      o = newOctokit(this.opts.github.transport, this.opts.github.authFor(org));
      this.octokits.set(org.toLowerCase(), o);
    }
    return o;
  }

  /**
   * A GET through the shared transport, whose ETag cache makes a repeat conditional: an unchanged resource comes
   * back with the ETag we already had (GitHub answered 304, no token spent).
   */
  private async get<T>(org: string, route: string, query: Obj): Promise<{ data: T; date: string; link: string | undefined }> {
    if (this.spent >= this.opts.hourlyBudget) throw new BudgetSpent();
    const r = await this.octokit(org).request(`GET ${route}`, query);
    const key = `${route}?${JSON.stringify(query)}`;
    const etag = r.headers.etag;
    const modified = etag === undefined || this.etags.get(key) !== etag;
    if (etag !== undefined) this.etags.set(key, etag);
    this.requests.inc({ result: modified ? 'modified' : 'not_modified' });
    if (modified) {
      this.spent++;
      this.budgetGauge.set(Math.max(0, this.opts.hourlyBudget - this.spent));
      const remaining = Number(r.headers['x-ratelimit-remaining']);
      const limit = Number(r.headers['x-ratelimit-limit']);
      if (Number.isFinite(remaining)) {
        this.githubRemaining.set(remaining);
        this.githubLow = Number.isFinite(limit) && limit > 0 && remaining < 0.1 * limit;
      }
    }
    const date = r.headers.date ? new Date(r.headers.date).toISOString().replace(/\.\d{3}Z$/, 'Z') : new Date(this.now()).toISOString();
    return { data: r.data as T, date, link: r.headers.link };
  }

  /** Every page of a list (`per_page` 100), with the server's Date of the first answer. */
  private async pages<T>(org: string, route: string, query: Obj): Promise<{ items: T[]; date: string }> {
    const items: T[] = [];
    let date = '';
    for (let page = 1; ; page++) {
      const r = await this.get<T[]>(org, route, { ...query, per_page: 100, page });
      if (page === 1) date = r.date;
      items.push(...r.data);
      if (!r.link?.includes('rel="next"')) break;
    }
    return { items, date };
  }

  // ---- state on disk ----

  private file(full: string): string {
    return path.join(this.opts.stateDir, `${full.replace('/', '__')}.json`);
  }

  private load(full: string): RepoState | undefined {
    const cached = this.states.get(full);
    if (cached) return cached;
    try {
      const st = JSON.parse(readFileSync(this.file(full), 'utf8')) as RepoState;
      this.states.set(full, st);
      return st;
    } catch {
      return undefined;
    }
  }

  private save(full: string, st: RepoState): void {
    this.states.set(full, st);
    const file = this.file(full);
    try {
      writeFileSync(`${file}.tmp`, JSON.stringify(st));
      renameSync(`${file}.tmp`, file);
    } catch (e) {
      this.opts.logger.warn('cannot save poll state', { repo: full, error: e });
    }
  }
}

function enc(s: string): string {
  return encodeURIComponent(s);
}

function maxTime(a: string, b: string): string {
  return Date.parse(b) > Date.parse(a) ? b : a;
}

function findLabel(pr: Obj, name: string): Obj {
  return ((pr.labels as Obj[] | undefined) ?? []).find((l) => l.name === name) ?? { name };
}
