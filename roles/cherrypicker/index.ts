// The cherrypicker role: upstream's cherrypicker external plugin. On its own it listens on --cherrypicker-port for
// the webhooks hook forwards (external_plugins); next to the hook (`--role=all`) the hook hands them over in-process.
import { githubCloneURL } from '../../src/github/flags.js';
import path from 'node:path';
import type { Role } from '../../src/runtime/role.js';
import { startExternalRole } from '../../plugins/external.js';
import { createCherrypicker, CHERRYPICKER_NAME, DEFAULT_LABEL_PREFIX } from '../../plugins/cherrypicker/index.js';
import { gitAuthHeader } from '../../plugins/cherrypicker/git.js';

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
  async start(ctx) {
    const host = ctx.github?.host ?? 'github.com';
    const plugin = createCherrypicker({
      workDir: path.join(ctx.dataDir, 'cherrypicker'),
      cloneURI: (owner, repo) => githubCloneURL(host, owner, repo),
      gitAuthorization: async (org) => (ctx.github ? gitAuthHeader(await ctx.github.authFor(org)()) : undefined),
      labels: ctx.flags.list('labels'),
      prowAssignments: ctx.flags.has('use-prow-assignments') ? ctx.flags.bool('use-prow-assignments') : true,
      allowAll: ctx.flags.bool('allow-all'),
      issueOnConflict: ctx.flags.bool('create-issue-on-conflict'),
      labelPrefix: ctx.flags.string('label-prefix') ?? DEFAULT_LABEL_PREFIX,
      dryRun: ctx.flags.bool('dry-run'),
    });
    return startExternalRole(ctx, { name: CHERRYPICKER_NAME, plugin, port: ctx.flags.int('cherrypicker-port') ?? CHERRYPICKER_DEFAULT_PORT });
  },
};
