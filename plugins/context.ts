// Builds the HandlerContext a plugin handler gets, and runs the handler in its own action scope so took_action
// reflects every GitHub write (counted at the transport) and ProwJob write it made. The hook's dispatcher and the
// plugin test kit both run handlers through here, so a plugin behaves the same in both.
import type { ProwYAMLGetter } from '../src/config/inrepoconfig.js';
import { postsubmitsFor, presubmitsFor } from '../src/config/jobs.js';
import type { Config, PluginsConfig } from '../src/config/types.js';
import type { GitHubClient } from '../src/github/client.js';
import type { WebhookEvent } from '../src/github/events.js';
import type { OwnersReader } from '../src/owners/reader.js';
import type { RepoOwners } from '../src/owners/repo-owners.js';
import type { Logger } from '../src/runtime/logger.js';
import type { ProwJobStore } from '../src/store/types.js';
import { commandText, matchAll } from './shared/commands.js';
import { formatResponseRaw, formatSimpleResponse } from './shared/reply.js';
import { HANDLER_FOR_KIND, type CommandSpec, type EventsByHandler, type HandlerContext, type HandlerKind, type JobsAccess, type Plugin, type PluginServices, type RepoLocation } from './types.js';

/** What the process provides to every handler. */
export interface HandlerDeps {
  /** The client for the event's org, reporting each GitHub write to `onWrite` (took_action). */
  github: (onWrite: () => void) => GitHubClient;
  botLogin: string;
  githubHost: string;
  prowConfig: Config;
  pluginsConfig: PluginsConfig;
  store: ProwJobStore;
  /** Reads .prow.yaml; undefined: central jobs only. */
  inRepoConfig?: ProwYAMLGetter;
  /** Reads OWNERS; undefined: plugins that need OWNERS fail with a clear error. */
  owners?: OwnersReader;
  /** Already carries the event's fields; the plugin name is added. */
  logger: Logger;
  /** Slack, ConfigMaps (none when absent). */
  services?: PluginServices;
}

/** One event for one handler kind. */
export interface HandlerEvent<K extends HandlerKind = HandlerKind> {
  kind: K;
  event: EventsByHandler[K];
  guid: string;
}

interface Facts {
  eventType: string;
  where: RepoLocation;
  number: number | undefined;
  isPR: boolean;
  author: string;
  actor: string;
  /** The user text commands may be in, and where it is (for the quoted reply). */
  text?: { body: string; url: string };
}

/** upstream PushEvent.Branch(): the ref without refs/heads/ or refs/tags/. */
export function pushBranch(ref: string): string {
  return ref.replace(/^refs\/heads\//, '').replace(/^refs\/tags\//, '');
}

function factsOf(h: HandlerEvent): Facts {
  switch (h.kind) {
    case 'genericComment': {
      const e = h.event as EventsByHandler['genericComment'];
      return {
        eventType: 'GenericCommentEvent', where: { org: e.repo.owner.login, repo: e.repo.name }, number: e.number, isPR: e.isPR,
        author: e.user.login, actor: e.user.login, text: { body: e.body, url: e.htmlUrl },
      };
    }
    case 'issueComment': {
      const e = h.event as EventsByHandler['issueComment'];
      return {
        eventType: 'issue_comment', where: { org: e.repository.owner.login, repo: e.repository.name }, number: e.issue.number,
        isPR: e.issue.pull_request !== undefined && e.issue.pull_request !== null, author: e.comment.user.login, actor: e.sender?.login ?? e.comment.user.login,
        text: { body: e.comment.body ?? '', url: e.comment.html_url },
      };
    }
    case 'issue': {
      const e = h.event as EventsByHandler['issue'];
      return {
        eventType: 'issues', where: { org: e.repository.owner.login, repo: e.repository.name }, number: e.issue.number,
        isPR: e.issue.pull_request !== undefined && e.issue.pull_request !== null, author: e.issue.user.login, actor: e.sender?.login ?? e.issue.user.login,
      };
    }
    case 'pullRequest': {
      const e = h.event as EventsByHandler['pullRequest'];
      const pr = e.pull_request;
      return {
        eventType: 'pull_request', where: { org: pr.base.repo.owner.login, repo: pr.base.repo.name, branch: pr.base.ref }, number: pr.number,
        isPR: true, author: pr.user.login, actor: e.sender?.login ?? pr.user.login,
      };
    }
    case 'review': {
      const e = h.event as EventsByHandler['review'];
      const pr = e.pull_request;
      return {
        eventType: 'pull_request_review', where: { org: pr.base.repo.owner.login, repo: pr.base.repo.name, branch: pr.base.ref },
        number: pr.number, isPR: true, author: e.review.user.login, actor: e.sender?.login ?? e.review.user.login,
        text: { body: e.review.body ?? '', url: e.review.html_url },
      };
    }
    case 'reviewComment': {
      const e = h.event as EventsByHandler['reviewComment'];
      const pr = e.pull_request;
      return {
        eventType: 'pull_request_review_comment', where: { org: pr.base.repo.owner.login, repo: pr.base.repo.name, branch: pr.base.ref },
        number: pr.number, isPR: true, author: e.comment.user.login, actor: e.sender?.login ?? e.comment.user.login,
        text: { body: e.comment.body ?? '', url: e.comment.html_url },
      };
    }
    case 'push': {
      const e = h.event as EventsByHandler['push'];
      const pusher = e.sender?.login ?? e.pusher?.name ?? '';
      return {
        eventType: 'push', where: { org: e.repository.owner.login, repo: e.repository.name, branch: pushBranch(e.ref) }, number: undefined,
        isPR: false, author: pusher, actor: pusher,
      };
    }
    case 'mergeGroup': {
      const e = h.event as EventsByHandler['mergeGroup'];
      const sender = e.sender?.login ?? '';
      return {
        eventType: 'merge_group', where: { org: e.repository.owner.login, repo: e.repository.name, branch: pushBranch(e.merge_group.base_ref) },
        number: undefined, isPR: false, author: sender, actor: sender,
      };
    }
    case 'status': {
      const e = h.event as EventsByHandler['status'];
      const sender = e.sender?.login ?? '';
      return {
        eventType: 'status', where: { org: e.repository.owner.login, repo: e.repository.name }, number: undefined, isPR: false,
        author: sender, actor: sender,
      };
    }
  }
}

/**
 * The action of a handler event (the generic comment event's own: created, edited, deleted); push and status events
 * have none. The context's `action`, and the dispatcher's metrics label.
 */
export function handlerAction(h: HandlerEvent): string {
  return h.kind === 'push' || h.kind === 'status' ? '' : (h.event as { action: string }).action;
}

/** The handler events a webhook event gives: its own kind, and the generic comment derived from it (if any). */
export function handlerEvents(ev: WebhookEvent, generic: EventsByHandler['genericComment'] | undefined): HandlerEvent[] {
  const out: HandlerEvent[] = [];
  if (ev.kind !== 'other') out.push({ kind: HANDLER_FOR_KIND[ev.kind], event: ev.payload, guid: ev.guid });
  if (generic) out.push({ kind: 'genericComment', event: generic, guid: ev.guid });
  return out;
}

/** The store, with every write reported to `onWrite`. */
function countingStore(store: ProwJobStore, noteWrite: () => void): ProwJobStore {
  return {
    namespace: store.namespace,
    get: (name) => store.get(name),
    list: (opts) => store.list(opts),
    create: (job) => {
      noteWrite();
      return store.create(job);
    },
    update: (job) => {
      noteWrite();
      return store.update(job);
    },
    delete: (name) => {
      noteWrite();
      return store.delete(name);
    },
    watch: (opts, onEvent, onError) => store.watch(opts, onEvent, onError),
    close: () => store.close(),
  };
}

function jobsAccess(deps: HandlerDeps, org: string, repo: string, logger: () => Logger): JobsAccess {
  const orgRepo = `${org}/${repo}`;
  const staticPresubmits = (): ReturnType<JobsAccess['staticPresubmits']> => presubmitsFor(deps.prowConfig, orgRepo);
  return {
    staticPresubmits,
    async presubmits(baseSha, headShas) {
      if (!deps.inRepoConfig) return staticPresubmits();
      try {
        return await deps.inRepoConfig.presubmits(deps.prowConfig, org, repo, baseSha, headShas);
      } catch (e) {
        // As upstream: the central jobs still run (one of them may be what checks .prow.yaml); Tide will not merge.
        logger().warn('cannot read inrepoconfig; using the central presubmits', { error: e });
        return staticPresubmits();
      }
    },
    async postsubmits(sha) {
      if (!deps.inRepoConfig) return postsubmitsFor(deps.prowConfig, orgRepo);
      try {
        return await deps.inRepoConfig.postsubmits(deps.prowConfig, org, repo, sha);
      } catch (e) {
        logger().warn('cannot read inrepoconfig; using the central postsubmits', { error: e });
        return postsubmitsFor(deps.prowConfig, orgRepo);
      }
    },
  };
}

/**
 * A handler's context. A class, not an object literal: a delivery builds one per enabled handler, and most handlers
 * return after reading a field or two, so what they may need (client, store, settings, jobs, logger) is made on first
 * use and the methods live on the prototype instead of being new closures each time.
 */
class PluginHandlerContext implements HandlerContext<unknown, unknown> {
  readonly event: unknown;
  readonly eventType: string;
  readonly action: string;
  readonly guid: string;
  readonly org: string;
  readonly repo: string;
  readonly number: number | undefined;
  readonly isPR: boolean;
  readonly author: string;
  readonly botLogin: string;
  readonly isBot: boolean;
  readonly prowConfig: Config;
  readonly pluginsConfig: PluginsConfig;
  readonly githubHost: string;
  readonly services: PluginServices;
  readonly commandText: string;
  private client: GitHubClient | undefined;
  private countedStore: ProwJobStore | undefined;
  private jobsAccess: JobsAccess | undefined;
  private resolved: { settings: unknown } | undefined;
  private pluginLogger: Logger | undefined;
  /** GitHub and ProwJob writes the handler made (took_action). */
  writes = 0;
  private noteWrite: (() => void) | undefined;

  constructor(private readonly plugin: Plugin, h: HandlerEvent, private readonly deps: HandlerDeps, private readonly f: Facts) {
    this.event = h.event;
    this.eventType = f.eventType;
    this.action = handlerAction(h);
    this.guid = h.guid;
    this.org = f.where.org;
    this.repo = f.where.repo;
    this.number = f.number;
    this.isPR = f.isPR;
    this.author = f.author;
    this.botLogin = deps.botLogin;
    this.isBot = deps.botLogin !== '' && f.actor === deps.botLogin;
    this.prowConfig = deps.prowConfig;
    this.pluginsConfig = deps.pluginsConfig;
    this.githubHost = deps.githubHost;
    this.services = deps.services ?? {};
    this.commandText = f.text ? commandText(f.text.body) : '';
  }

  get settings(): unknown {
    this.resolved ??= { settings: this.plugin.settingsFor(this.deps.pluginsConfig, this.f.where) };
    return this.resolved.settings;
  }

  get github(): GitHubClient {
    return (this.client ??= this.deps.github(this.writeCounter()));
  }

  get store(): ProwJobStore {
    return (this.countedStore ??= countingStore(this.deps.store, this.writeCounter()));
  }

  /** Made when the handler first reaches for GitHub or the store: most handlers return before they do. */
  private writeCounter(): () => void {
    return (this.noteWrite ??= () => {
      this.writes++;
    });
  }

  get jobs(): JobsAccess {
    // The logger only if a warning is written: trigger reads the jobs for every comment.
    return (this.jobsAccess ??= jobsAccess(this.deps, this.org, this.repo, () => this.logger));
  }

  get logger(): Logger {
    return (this.pluginLogger ??= this.deps.logger.child({ plugin: this.plugin.name }));
  }

  owners(sha: string): Promise<RepoOwners> {
    if (!this.deps.owners) return Promise.reject(new Error('OWNERS cannot be read: this process has no OWNERS reader'));
    return this.deps.owners.ownersAt(this.deps.prowConfig, this.deps.pluginsConfig, this.org, this.repo, sha);
  }

  matches(command: CommandSpec): RegExpExecArray[] {
    return matchAll(command.regex, this.commandText);
  }

  async respond(message: string): Promise<void> {
    const f = this.f;
    if (f.number === undefined) throw new Error(`cannot respond to a ${f.eventType} event: it has no issue or PR`);
    const body = f.text ? formatResponseRaw(f.text.body, f.text.url, f.author, message) : formatSimpleResponse(f.author, message);
    await this.github.createComment(f.where.org, f.where.repo, f.number, body);
  }
}

export interface HandlerOutcome {
  tookAction: boolean;
  /** The handler's error, if it threw. */
  error?: unknown;
}

/** Runs `plugin`'s handler for `h` (if it has one); never throws. undefined: the plugin has no such handler. */
export async function runHandler(plugin: Plugin, h: HandlerEvent, deps: HandlerDeps): Promise<HandlerOutcome | undefined> {
  const handler = plugin.handler(h.kind);
  if (!handler) return undefined;
  const ctx = new PluginHandlerContext(plugin, h, deps, factsOf(h));
  try {
    await handler(ctx);
    return { tookAction: ctx.writes > 0 };
  } catch (error) {
    return { tookAction: ctx.writes > 0, error };
  }
}
