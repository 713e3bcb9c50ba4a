// deck: the web front end. The job list, Spyglass job pages, live logs, job history, badges, plugin and command
// help, /config, and rerun/abort with GitHub sign-in. Listens on --deck-port (upstream's --port when deck runs
// without hook; default 8080).
import type { Flags } from '../../src/runtime/flags.js';
import type { Role } from '../../src/runtime/role.js';

export const DEFAULT_DECK_PORT = 8080;

/** Upstream's default --hook-url. */
export const DEFAULT_HOOK_URL = 'http://hook:8888/plugin-help';

export function deckPort(flags: Flags): number {
  return flags.int('deck-port') ?? flags.int('port') ?? DEFAULT_DECK_PORT;
}

export const deck: Role = {
  name: 'deck',
  description: 'Web UI: job list, Spyglass job pages, live logs, history, badges, help pages, rerun and abort',
  singleton: false,
  flags: [
    { name: 'deck-port', type: 'int', description: `Port deck listens on (default ${DEFAULT_DECK_PORT}; in all-in-one mode hook keeps its own)` },
    { name: 'port', type: 'int', description: 'Upstream deck\'s --port: used when --deck-port is not given' },
    { name: 'tenant-id', type: 'list', description: 'Show only ProwJobs of this tenant ID (private Deck)', placeholder: 'ID' },
    { name: 'hidden-only', type: 'bool', description: 'Show only hidden jobs (deck.hidden_repos and hidden: true)', default: false },
    { name: 'show-hidden', type: 'bool', description: 'Show hidden jobs along with the others', default: false },
    { name: 'cookie-secret', type: 'string', description: 'Path to the cookie secret: signs sessions; 32+ bytes also turns on CSRF protection', placeholder: 'PATH' },
    { name: 'github-oauth-config-file', type: 'string', description: 'Path to the GitHub OAuth app config (client_id, client_secret, redirect_url, final_redirect_url, scopes)', placeholder: 'PATH' },
    { name: 'oauth-url', type: 'string', description: 'Where the "Sign in with GitHub" link points (default /github-login)', placeholder: 'URL' },
    { name: 'rerun-creates-job', type: 'bool', description: 'POST /rerun creates the ProwJob (needs --cookie-secret of 32+ bytes)', default: false },
    { name: 'allow-insecure', type: 'bool', description: 'Allow plain HTTP for sign-in and CSRF cookies (development only)', default: false },
    { name: 'hook-url', type: 'string', description: `Hook's /plugin-help URL when hook runs elsewhere (default ${DEFAULT_HOOK_URL})`, placeholder: 'URL' },
    { name: 'tide-url', type: 'string', description: 'Tide\'s base URL when tide runs elsewhere (upstream\'s --tide-url, e.g. http://tide/; default: the tide role in this process)', placeholder: 'URL' },
    { name: 'spyglass', type: 'bool', description: 'Accepted for upstream compatibility: Spyglass job pages are always on', default: false },
  ],
  ports: (flags) => [deckPort(flags)],
  start: async (ctx) => (await import('./start.js')).startDeckRole(ctx),
};
