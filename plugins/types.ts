// The plugin contract. A plugin is one folder whose index.ts exports `definePlugin({...})`: its name, the
// plugins.yaml sections it owns (schema fragment, defaults, checks, per-repo resolution), its command table (help
// is made from it) and its handlers, which get a typed HandlerContext. plugins/index.ts lists them. A plugin
// imports only src/*, this file and plugins/shared/ (never a role or another plugin; lint enforces it).
import type { SchemaObject } from 'ajv';
import type { Config, PluginsConfig } from '../src/config/types.js';
import type { PluginConfigSection, SectionReport } from '../src/config/plugin-sections.js';
import type { Postsubmit, Presubmit } from '../src/config/types.js';
import type { GitHubClient } from '../src/github/client.js';
import type {
  GenericCommentEvent,
  IssueCommentEvent,
  IssueEvent,
  MergeGroupEvent,
  PullRequestEvent,
  PushEvent,
  ReviewCommentEvent,
  ReviewEvent,
  StatusEvent,
  WebhookEvent,
} from '../src/github/events.js';
import type { RepoOwners } from '../src/owners/repo-owners.js';
import type { Logger } from '../src/runtime/logger.js';
import type { ProwJobStore } from '../src/store/types.js';
import type { ConfigMapWriter } from '../src/kube/configmaps.js';
import type { JiraAPI } from '../src/jira/client.js';
import type { BugzillaAPI } from '../src/bugzilla/bug.js';

// ---- commands and help ----

/** One slash command. Help (/plugin-help, Deck's command page) is generated from these. */
export interface CommandSpec {
  /**
   * Matched against each line of a comment after quoted (`>`) lines and code blocks are removed; use `^…$`
   * anchors and the `m` flag as upstream's `(?m)^/cmd…$` regexes do. Capture groups are the arguments.
   */
  regex: RegExp;
  usage: string;
  description: string;
  /** Each must match `regex` (the registry test checks it). */
  examples: string[];
  whoCanUse: string;
  /** Shown first in Deck's command help. */
  featured?: boolean;
}

/** One slash command, as upstream's pluginhelp.Command (field names are the JSON Deck reads). */
export interface PluginCommand {
  Usage: string;
  Featured: boolean;
  Description: string;
  Examples: string[];
  WhoCanUse: string;
}

/** Upstream's pluginhelp.PluginHelp. */
export interface PluginHelp {
  Description: string;
  /** 'org/repo' (or 'org') → what is configured there, as prose. */
  Config?: Record<string, string>;
  Events?: string[];
  Commands?: PluginCommand[];
}

// ---- config ----

/** Where an event happened, for per-repo settings. */
export interface RepoLocation {
  org: string;
  repo: string;
  /** The base branch, when the event has one (PRs, pushes). */
  branch?: string;
}

/** A plugins.yaml section a plugin owns, typed. */
export interface SectionSpec<T> {
  key: string;
  schema: SchemaObject;
  mergeable?: boolean;
  defaults?: (value: T | undefined) => T | undefined;
  check?: (value: T, report: SectionReport, all: PluginsConfig) => void;
}

/** A section with its value type erased, as the loader handles it. */
export type OwnedSection = Omit<PluginConfigSection, 'plugin'>;

/** Declares a section the plugin owns; `T` is the type of the value under `key` once defaulted. */
export function defineSection<T>(spec: SectionSpec<T>): OwnedSection {
  return spec as OwnedSection;
}

export interface PluginConfigSpec<S> {
  sections: readonly OwnedSection[];
  /** This plugin's settings for a repo (most specific entry wins: org/repo, then org, then defaults). */
  resolve: (pc: PluginsConfig, where: RepoLocation) => S;
  /** Help's Config prose for one place the plugin is enabled ('org' or 'org/repo'). */
  describe?: (settings: S, where: string) => string;
}

// ---- handlers ----

/** The event each handler kind receives. */
export interface EventsByHandler {
  issueComment: IssueCommentEvent;
  issue: IssueEvent;
  pullRequest: PullRequestEvent;
  review: ReviewEvent;
  reviewComment: ReviewCommentEvent;
  push: PushEvent;
  status: StatusEvent;
  mergeGroup: MergeGroupEvent;
  /** Every comment-like event (issue/PR comments, reviews, review comments, new issue and PR bodies). */
  genericComment: GenericCommentEvent;
}
export type HandlerKind = keyof EventsByHandler;

/** The handler kind for each webhook kind (genericComment is derived from several). */
export const HANDLER_FOR_KIND: Record<Exclude<WebhookEvent['kind'], 'other'>, HandlerKind> = {
  issue_comment: 'issueComment',
  issues: 'issue',
  pull_request: 'pullRequest',
  pull_request_review: 'review',
  pull_request_review_comment: 'reviewComment',
  push: 'push',
  status: 'status',
  merge_group: 'mergeGroup',
};

/** The webhook event names each handler kind receives (PluginHelp.Events). */
export const HANDLER_EVENTS: Record<HandlerKind, string> = {
  issueComment: 'issue_comment',
  issue: 'issues',
  pullRequest: 'pull_request',
  review: 'pull_request_review',
  reviewComment: 'pull_request_review_comment',
  push: 'push',
  status: 'status',
  mergeGroup: 'merge_group',
  genericComment: 'GenericCommentEvent (any event for user text)',
};

/** The jobs that apply to the event's repo: config.yaml's, and inrepoconfig's (read only when asked for). */
export interface JobsAccess {
  /** Presubmits from the central config only. */
  staticPresubmits(): Presubmit[];
  /** Central presubmits plus the repo's .prow.yaml at `baseSha` with `headShas` merged (central only if it cannot be read). */
  presubmits(baseSha: string, headShas: string[]): Promise<Presubmit[]>;
  /** Central postsubmits plus the repo's .prow.yaml at `sha` (central only if it cannot be read). */
  postsubmits(sha: string): Promise<Postsubmit[]>;
}

/**
 * What the process provides beyond GitHub, each only where it is configured: a plugin that needs one that is
 * absent says so (a reply or a log line) instead of doing nothing.
 */
export interface PluginServices {
  /** Slack's chat.postMessage (the hook's --slack-token-file). */
  slack?: { writeMessage(text: string, channel: string): Promise<void> };
  /** Where config-updater writes ConfigMaps: files under the data dir (all-in-one) or the Kubernetes API. */
  configMaps?: ConfigMapWriter;
  /** Jira's REST API (the hook's --jira-endpoint). */
  jira?: JiraAPI;
  /** Bugzilla's REST and JSON-RPC APIs (the hook's --bugzilla-endpoint). */
  bugzilla?: BugzillaAPI;
}

/** What a handler gets: the event, where it happened, the settings for that repo, and the means to act. */
export interface HandlerContext<E, S = undefined> {
  readonly event: E;
  /** The X-GitHub-Event name ('GenericCommentEvent' for generic comments). */
  readonly eventType: string;
  readonly action: string;
  readonly guid: string;
  readonly org: string;
  readonly repo: string;
  /** The issue or PR number; undefined for events without one (push, status). */
  readonly number: number | undefined;
  readonly isPR: boolean;
  /**
   * Who wrote what the event is about: the commenter or reviewer for comment-like events, the PR or issue author
   * for PR and issue events, the pusher for pushes, the sender otherwise.
   */
  readonly author: string;
  /** The bot's own login. */
  readonly botLogin: string;
  /** The event was caused by the bot itself (most plugins ignore those). */
  readonly isBot: boolean;
  /** This plugin's settings, resolved for the event's org/repo (and branch). */
  readonly settings: S;
  /** config.yaml and the jobs, as loaded when the event arrived. */
  readonly prowConfig: Config;
  /** All of plugins.yaml (for plugins that read another plugin's section, as upstream's approve reads lgtm's). */
  readonly pluginsConfig: PluginsConfig;
  readonly github: GitHubClient;
  /** --github-host, for links. */
  readonly githubHost: string;
  /** ProwJobs; writes through it count as the handler taking action. */
  readonly store: ProwJobStore;
  readonly jobs: JobsAccess;
  /** Slack, ConfigMaps: what this process has of them. */
  readonly services: PluginServices;
  /**
   * The repo's OWNERS at a commit (read through git, cached by SHA, plugins.yaml `owners` settings applied).
   * Throws when the process has no OWNERS reader (a hook without GitHub access).
   */
  owners(sha: string): Promise<RepoOwners>;
  /** Has event-GUID, event-type, org, repo, pr and plugin fields. */
  readonly logger: Logger;
  /**
   * The comment text with quoted (`>`) lines and code blocks removed: what commands are matched against
   * ('' for events without user text).
   */
  readonly commandText: string;
  /** Each match of `command` in commandText (one per line that matches). */
  matches(command: CommandSpec): RegExpExecArray[];
  /**
   * Replies on the event's issue or PR in upstream's format: `@author: message`, the quoted comment it answers
   * (for comment events), and the footer with the bot's instructions links.
   */
  respond(message: string): Promise<void>;
}

export type Handlers<S> = { [K in HandlerKind]?: (ctx: HandlerContext<EventsByHandler[K], S>) => Promise<void> };

export interface PluginDefinition<S> {
  name: string;
  /** Help's description of what the plugin does. */
  description: string;
  config?: PluginConfigSpec<S>;
  commands?: readonly CommandSpec[];
  handlers: Handlers<S>;
}

/** A plugin as the registry holds it (its settings type erased). */
export interface Plugin {
  readonly name: string;
  readonly description: string;
  /** The sections it owns, for the config loader and the schema generator. */
  readonly sections: readonly PluginConfigSection[];
  readonly commands: readonly CommandSpec[];
  readonly handlerKinds: readonly HandlerKind[];
  /** Settings for a repo (undefined for plugins without config). */
  settingsFor(pc: PluginsConfig, where: RepoLocation): unknown;
  /** Help for the places (`org`, `org/repo`) it is enabled. */
  help(pc: PluginsConfig, enabledOn: readonly string[]): PluginHelp;
  /** Runs the handler for `kind` if the plugin has one (the context is built by plugins/context.ts). */
  handler(kind: HandlerKind): ((ctx: HandlerContext<unknown, unknown>) => Promise<void>) | undefined;
}

export function definePlugin<S = undefined>(def: PluginDefinition<S>): Plugin {
  const sections: PluginConfigSection[] = (def.config?.sections ?? []).map((s) => ({ ...s, plugin: def.name }));
  const commands = def.commands ?? [];
  const handlerKinds = (Object.keys(def.handlers) as HandlerKind[]).filter((k) => def.handlers[k] !== undefined);
  const settingsFor = (pc: PluginsConfig, where: RepoLocation): S => (def.config ? def.config.resolve(pc, where) : (undefined as S));
  return {
    name: def.name,
    description: def.description,
    sections,
    commands,
    handlerKinds,
    settingsFor,
    help(pc, enabledOn) {
      const help: PluginHelp = { Description: def.description, Events: handlerKinds.map((k) => HANDLER_EVENTS[k]) };
      const describe = def.config?.describe;
      if (describe) {
        help.Config = {};
        for (const where of enabledOn) {
          const [org, repo] = where.split('/');
          help.Config[where] = describe(settingsFor(pc, { org: org!, repo: repo ?? '' }), where);
        }
      }
      if (commands.length > 0) {
        help.Commands = commands.map((c) => ({
          Usage: c.usage, Featured: c.featured ?? false, Description: c.description, Examples: [...c.examples], WhoCanUse: c.whoCanUse,
        }));
      }
      return help;
    },
    handler(kind) {
      return def.handlers[kind] as ((ctx: HandlerContext<unknown, unknown>) => Promise<void>) | undefined;
    },
  };
}
