// The plugin contract. A plugin is one folder exporting one `Plugin`: a name, a help provider and handlers for the
// event kinds it cares about. plugins/index.ts lists them. A plugin imports only src/* (never a role or another
// plugin) and acts only through its agent.
import type { ProwYAMLGetter } from '../src/config/inrepoconfig.js';
import type { Config, PluginsConfig } from '../src/config/types.js';
import type { GitHubClient } from '../src/github/client.js';
import type {
  GenericCommentEvent,
  IssueCommentEvent,
  IssueEvent,
  PullRequestEvent,
  PushEvent,
  ReviewCommentEvent,
  ReviewEvent,
  StatusEvent,
} from '../src/github/events.js';
import type { Logger } from '../src/runtime/logger.js';
import type { ProwJobStore } from '../src/store/types.js';

/** What a handler gets to act with. One agent per event and plugin. */
export interface PluginAgent {
  /** The client for the event's org. */
  github: GitHubClient;
  /** The bot's login: plugins ignore events the bot caused. */
  botLogin: string;
  /** --github-host, for links. */
  githubHost: string;
  /** Core config and jobs as loaded when the event arrived. */
  config: Config;
  pluginConfig: PluginsConfig;
  store: ProwJobStore;
  /** Jobs from repositories' .prow.yaml (empty for repos where in_repo_config is not enabled). */
  inRepoConfig: ProwYAMLGetter | undefined;
  /** Has event-GUID, event-type, org, repo, pr and plugin fields. */
  logger: Logger;
}

export type Handler<E> = (agent: PluginAgent, event: E) => Promise<void>;

export interface PluginHandlers {
  issueComment?: Handler<IssueCommentEvent & { guid: string }>;
  issue?: Handler<IssueEvent & { guid: string }>;
  pullRequest?: Handler<PullRequestEvent & { guid: string }>;
  review?: Handler<ReviewEvent & { guid: string }>;
  reviewComment?: Handler<ReviewCommentEvent & { guid: string }>;
  push?: Handler<PushEvent & { guid: string }>;
  status?: Handler<StatusEvent & { guid: string }>;
  genericComment?: Handler<GenericCommentEvent>;
}

/** The webhook event names each handler kind receives (PluginHelp.Events). */
export const HANDLER_EVENTS: Record<keyof PluginHandlers, string> = {
  issueComment: 'issue_comment',
  issue: 'issues',
  pullRequest: 'pull_request',
  review: 'pull_request_review',
  reviewComment: 'pull_request_review_comment',
  push: 'push',
  status: 'status',
  genericComment: 'GenericCommentEvent (any event for user text)',
};

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
  /** 'org/repo' (or '' for all) → what is configured there, as prose. */
  Config?: Record<string, string>;
  Events?: string[];
  Commands?: PluginCommand[];
}

/** Help for the repos this plugin is enabled on (`org` or `org/repo`). */
export type HelpProvider = (config: PluginsConfig, enabledRepos: string[]) => PluginHelp;

export interface Plugin {
  name: string;
  help: HelpProvider;
  handlers: PluginHandlers;
}
