// `prow hmac`'s flags; the reconciliation is imported when it runs.
import { githubCommand } from '../github-command.js';

export const hmac = githubCommand({
  name: 'hmac',
  description: 'reconcile the webhooks and HMAC tokens of the orgs and repos in managed_webhooks',
  flags: [
    { name: 'hook-url', type: 'string', description: 'URL GitHub delivers webhooks to (the hook\'s /hook)', placeholder: 'URL' },
    { name: 'hmac-secret-file', type: 'string', description: 'The HMAC secret file hook reads (YAML map of tokens per org/repo); created if missing', placeholder: 'PATH' },
    { name: 'rotation-grace-period', type: 'duration', description: 'How long replaced tokens stay accepted after a rotation (removed by a later run)', default: '0s' },
  ],
  commonFlags: ['config-path', 'supplemental-prow-config-dir'],
  run: async (ctx) => (await import('../hmac/index.js')).runHmac(ctx),
});
