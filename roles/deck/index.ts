// deck: the web front end. The job list, Spyglass job pages, live logs, job history, badges, plugin and command
// help, /config, and rerun/abort with GitHub sign-in. Listens on --deck-port (upstream's --port when deck runs
// without hook; default 8080).
import type { Flags } from '../../src/runtime/flags.js';
import type { Role, RoleContext } from '../../src/runtime/role.js';
import { kubeOptionsFromFlags } from '../../src/kube/config.js';
import type { PodLogs } from './live-log.js';
import { githubSettingsFromFlags } from '../../src/github/flags.js';

export const DEFAULT_DECK_PORT = 8080;

/** On Kubernetes (the ProwJob CRD store), live logs of running jobs come from their Pods in the build clusters. */
async function kubePodLogs(ctx: RoleContext): Promise<PodLogs | undefined> {
  if (ctx.flags.string('prowjob-store') !== 'kubernetes') return undefined;
  // The Kubernetes client is loaded only on Kubernetes.
  const [{ loadKubeClusters }, { KubePodLogs }] = await Promise.all([import('../../src/kube/clusters.js'), import('./pod-logs.js')]);
  const kube = loadKubeClusters(kubeOptionsFromFlags(ctx.flags));
  return new KubePodLogs(kube.clusters, () => ctx.config.config().pod_namespace || 'default');
}
/** Upstream's default --hook-url. */
export const DEFAULT_HOOK_URL = 'http://hook:8888/plugin-help';

function deckPort(flags: Flags): number {
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
  async start(ctx) {
    // Deck's pages and lenses (about 12 MiB resident) are loaded only by a process that runs deck.
    const [{ startDeck }, { httpPluginHelp }, { rerunFactory }] = await Promise.all([import('./deck.js'), import('./plugin-help.js'), import('./rerun.js')]);
    const port = deckPort(ctx.flags);
    const inProcessHook = ctx.roles.includes('hook');
    const hookUrl = ctx.flags.string('hook-url');
    const pluginHelp = httpPluginHelp(() => {
      if (hookUrl) return hookUrl;
      if (inProcessHook) {
        const p = ctx.http.port('hook');
        return p === undefined ? undefined : `http://127.0.0.1:${p}/plugin-help`;
      }
      return DEFAULT_HOOK_URL;
    });
    const app = await ctx.http.serve(port, 'deck');
    const podLogs = await kubePodLogs(ctx);
    const running = await startDeck(app, {
      config: () => ctx.config.config(),
      store: ctx.store,
      storage: ctx.storage,
      dataDir: ctx.dataDir,
      logger: ctx.logger,
      visibility: {
        tenantIds: ctx.flags.list('tenant-id'),
        hiddenOnly: ctx.flags.bool('hidden-only'),
        showHidden: ctx.flags.bool('show-hidden'),
      },
      rerun: rerunFactory,
      cookieSecretFile: ctx.flags.string('cookie-secret'),
      oauthConfigFile: ctx.flags.string('github-oauth-config-file'),
      oauthUrl: ctx.flags.string('oauth-url'),
      rerunCreatesJob: ctx.flags.bool('rerun-creates-job'),
      allowInsecure: ctx.flags.bool('allow-insecure'),
      dryRun: ctx.flags.bool('dry-run'),
      github: ctx.github,
      githubApiBase: githubSettingsFromFlags(ctx.flags).endpoints[0] ?? 'https://api.github.com',
      githubGraphqlEndpoint: githubSettingsFromFlags(ctx.flags).graphqlEndpoint,
      pluginHelp,
      ...(podLogs ? { podLogs } : {}),
      hookPort: () => (inProcessHook ? ctx.http.port('hook') : undefined),
      tideUrl: () => {
        const flag = ctx.flags.string('tide-url');
        if (flag) return flag;
        const p = ctx.roles.includes('tide') ? ctx.http.port('tide') : undefined;
        return p === undefined ? undefined : `http://127.0.0.1:${p}/`;
      },
    });
    if (!ctx.github) ctx.logger.info(`GitHub is not connected: open http://localhost:${ctx.http.port('deck') ?? port}/github-app in a browser on this machine to create a GitHub App`);
    const unsubscribe = ctx.config.onChange(() => running.jobs.invalidate());
    return {
      async stop() {
        unsubscribe();
        running.stop();
      },
    };
  },
};
