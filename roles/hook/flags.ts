// The hook's flags and defaults that its declaration (index.ts) lists, kept apart from the modules that act on them
// (intake.ts, plugin-services.ts, dispatch.ts) so that declaring the role loads none of those.
import type { FlagSpec } from '../../src/runtime/flags.js';
import { DEFAULT_SLACK_API } from '../../src/report/slack.js';

/**
 * Handling is mostly waiting on GitHub and the store, so many deliveries are in flight at once; a PR's events still
 * go one after another, so this bounds the number of PRs served at once, not the order within one.
 */
export const DEFAULT_DISPATCH_CONCURRENCY = 32;

export const DEFAULT_POLL_HOURLY_BUDGET = 2_000;

export const INTAKE_FLAGS: FlagSpec[] = [
  { name: 'catch-up-interval', type: 'duration', description: 'How often to ask GitHub for webhook deliveries it could not make and have them redelivered (also at start); 0 turns catch-up off', default: '5m' },
  { name: 'catch-up-hook-url', type: 'string', description: 'With a token: catch up only the repo/org web hooks with this URL (default: those whose URL path ends in /hook)', placeholder: 'URL' },
  { name: 'github-poll-interval', type: 'duration', description: 'Poll mode: read the repos in plugins.yaml from GitHub this often and handle what changed as webhooks (default off)' },
  { name: 'github-poll-hourly-budget', type: 'int', description: 'Poll mode: rate-limit tokens polling may spend per hour (304 answers are free)', default: DEFAULT_POLL_HOURLY_BUDGET },
];

/** What plugin-services.ts gives plugins besides GitHub: Slack, Jira, Bugzilla. */
export const PLUGIN_SERVICE_FLAGS: FlagSpec[] = [
  { name: 'slack-token-file', type: 'string', description: 'Path to the file holding the Slack OAuth access token', placeholder: 'PATH' },
  { name: 'slack-endpoint', type: 'string', description: 'Slack Web API base URL', default: DEFAULT_SLACK_API, placeholder: 'URL' },
  { name: 'jira-endpoint', type: 'string', description: 'The Jira endpoint to use (the jira plugin)', placeholder: 'URL' },
  { name: 'jira-username', type: 'string', description: 'The username to use for Jira basic auth', placeholder: 'USER' },
  { name: 'jira-password-file', type: 'string', description: 'Location to a file containing the Jira basic auth password', placeholder: 'PATH' },
  { name: 'jira-bearer-token-file', type: 'string', description: 'Location to a file containing the Jira bearer authorization token', placeholder: 'PATH' },
  { name: 'bugzilla-endpoint', type: 'string', description: "Bugzilla's API endpoint.", placeholder: 'URL' },
  { name: 'bugzilla-github-external-tracker-id', type: 'int', description: 'The ext_type_id for GitHub external bugs, optional.', placeholder: 'ID' },
  { name: 'bugzilla-api-key-path', type: 'string', description: 'Path to the file containing the Bugzilla API key.', placeholder: 'PATH' },
  { name: 'bugzilla-auth-method', type: 'string', description: 'Which authorization method will be used. Values can be bearer, query or x-bugzilla-api-key.', placeholder: 'METHOD' },
];
