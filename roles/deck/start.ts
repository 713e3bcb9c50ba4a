// The deck role's start: its pages and lenses (about 12 MiB resident), loaded only by a process that runs deck.
import type { RoleContext, Stopper } from '../../src/runtime/role.js';
import { kubeOptionsFromFlags } from '../../src/kube/config.js';
import { githubSettingsFromFlags } from '../../src/github/flags.js';
import { startDeck } from './deck.js';
import { DEFAULT_HOOK_URL, deckPort } from './index.js';
import type { PodLogs } from './live-log.js';
import { httpPluginHelp } from './plugin-help.js';
import { rerunFactory } from './rerun.js';

/** On Kubernetes (the ProwJob CRD store), live logs of running jobs come from their Pods in the build clusters. */
async function kubePodLogs(ctx: RoleContext): Promise<PodLogs | undefined> {
  if (ctx.flags.string('prowjob-store') !== 'kubernetes') return undefined;
  // The Kubernetes client is loaded only on Kubernetes.
  const [{ loadKubeClusters }, { KubePodLogs }] = await Promise.all([import('../../src/kube/clusters.js'), import('./pod-logs.js')]);
  const kube = loadKubeClusters(kubeOptionsFromFlags(ctx.flags));
  return new KubePodLogs(kube.clusters, () => ctx.config.config().pod_namespace || 'default');
}

export async function startDeckRole(ctx: RoleContext): Promise<Stopper> {
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
}
