// The crier role: reports ProwJob state changes to GitHub (statuses and the failed-tests comment), Slack and blob
// storage (prowjob.json). Each reporter runs when its --*-workers flag is above zero, as upstream.
import { DEFAULT_SLACK_API } from '../../src/report/slack.js';
import type { Role } from '../../src/runtime/role.js';

export const crier: Role = {
  name: 'crier',
  description: 'reports ProwJob state changes: GitHub statuses and comments, Slack, blob storage',
  singleton: true,
  flags: [
    { name: 'github-workers', type: 'int', description: 'Number of GitHub reporter workers (0 disables GitHub reporting; default 0, 1 with the file ProwJob store)' },
    { name: 'slack-workers', type: 'int', description: 'Number of Slack reporter workers (0 disables Slack reporting)', default: 0 },
    { name: 'blob-storage-workers', type: 'int', description: 'Number of blob storage (prowjob.json) reporter workers (0 disables it; default 0, 1 with the file ProwJob store)' },
    { name: 'slack-token-file', type: 'string', description: 'Path to the file holding the Slack OAuth access token', placeholder: 'PATH' },
    { name: 'additional-slack-token-files', type: 'list', description: 'Token file of another Slack workspace, as host=path (the host of slack_reporter_configs entries)', placeholder: 'HOST=PATH' },
    { name: 'slack-endpoint', type: 'string', description: 'Slack Web API base URL', default: DEFAULT_SLACK_API, placeholder: 'URL' },
  ],
  start: async (ctx) => (await import('./start.js')).startCrier(ctx),
};
