// The cherrypicker role: upstream's cherrypicker external plugin. On its own it listens on --cherrypicker-port for
// the webhooks hook forwards (external_plugins); next to the hook (`--role=all`) the hook hands them over in-process.
import type { Role } from '../../src/runtime/role.js';
import { CHERRYPICKER_NAME, DEFAULT_LABEL_PREFIX } from '../../plugins/cherrypicker/constants.js';

export const CHERRYPICKER_DEFAULT_PORT = 8890;

export const cherrypicker: Role = {
  name: CHERRYPICKER_NAME,
  description: 'external plugin: /cherrypick <branch> opens a cherry-pick PR from the bot\'s fork once the PR merged',
  singleton: false,
  flags: [
    { name: 'cherrypicker-port', type: 'int', description: 'Port cherrypicker listens on for webhooks when it runs without the hook (upstream: --port)', default: CHERRYPICKER_DEFAULT_PORT },
    { name: 'labels', type: 'list', description: 'cherrypicker: a label to apply to the cherry-pick PRs', placeholder: 'LABEL' },
    { name: 'use-prow-assignments', type: 'bool', description: 'cherrypicker: assign cherry-pick PRs to the requestor (with /assign in the body)', default: true },
    { name: 'allow-all', type: 'bool', description: 'cherrypicker: allow anybody to cherry-pick, not only org members', default: false },
    { name: 'create-issue-on-conflict', type: 'bool', description: 'cherrypicker: open an issue assigned to the requestor when the cherry-pick conflicts', default: false },
    { name: 'label-prefix', type: 'string', description: 'cherrypicker: labels <prefix><branch> on a merged PR ask for a cherry-pick to <branch>', default: DEFAULT_LABEL_PREFIX },
    { name: 'hmac-secret-file', type: 'string', description: 'Path to the webhook HMAC secret (external plugins default to /etc/webhook/hmac)', placeholder: 'PATH' },
  ],
  ports: (flags, roles) => (roles.includes('hook') ? [] : [flags.int('cherrypicker-port') ?? CHERRYPICKER_DEFAULT_PORT]),
  start: async (ctx) => (await import('./start.js')).startCherrypicker(ctx),
};
