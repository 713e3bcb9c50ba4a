// The hook role's start: the webhook server, the plugins and the intake loops, loaded only by a process that runs it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ProwYAMLGetter } from '../../src/config/inrepoconfig.js';
import { GITHUB_CREDENTIALS_HINT } from '../../src/github/factory.js';
import { DEFAULT_GITHUB_HOST, githubCloneURL } from '../../src/github/flags.js';
import { DEFAULT_HMAC_SECRET_FILE } from '../../src/github/hmac.js';
import { OwnersReader } from '../../src/owners/reader.js';
import type { RoleContext, Stopper } from '../../src/runtime/role.js';
import { letYoungGenerationGrow } from '../../src/runtime/young-generation.js';
import { PLUGINS } from '../../plugins/index.js';
import { DEFAULT_DISPATCH_CONCURRENCY } from './flags.js';
import { Hook } from './hook.js';
import { intakeFilter, startIntake } from './intake.js';
import { ensureLocalHmacSecret } from './local-secret.js';
import { pluginServices } from './plugin-services.js';

export async function startHook(ctx: RoleContext): Promise<Stopper> {
  const hmacFlag = ctx.flags.string('hmac-secret-file');
  let hmacSecretFile = hmacFlag ?? (existsSync(DEFAULT_HMAC_SECRET_FILE) ? DEFAULT_HMAC_SECRET_FILE : undefined);
  // All-in-one mode only: on Kubernetes the secret is a mounted Secret, and a missing one stays an error.
  if (!hmacSecretFile && (ctx.flags.string('prowjob-store') ?? 'file') === 'file') {
    const local = ensureLocalHmacSecret(ctx.dataDir);
    hmacSecretFile = local.path;
    ctx.logger.info(`no --hmac-secret-file: webhooks must be signed with the secret in ${local.path}${local.created ? ' (just generated)' : ''}; give GitHub that secret, or send a test event with \`prow phony --hmac-path ${local.path}\``);
  }
  const workers = ctx.flags.int('plugin-workers') ?? DEFAULT_DISPATCH_CONCURRENCY;
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`--plugin-workers must be at least 1, got ${workers}`);
  if (!ctx.github) ctx.logger.warn(`plugins cannot act on GitHub: ${GITHUB_CREDENTIALS_HINT}`);
  const app = await ctx.http.serve(ctx.flags.int('hook-port') ?? 8888, 'hook');
  const cloneURI = (org: string, repo: string): string => githubCloneURL(ctx.github?.host ?? DEFAULT_GITHUB_HOST, org, repo);
  const intake = intakeFilter(ctx);
  const instance = new Hook({
    app,
    plugins: PLUGINS,
    config: () => {
      const s = ctx.config.snapshot();
      return { config: s.config, plugins: s.plugins };
    },
    github: ctx.github,
    store: ctx.store,
    inRepoConfig: new ProwYAMLGetter({ cacheDir: path.join(ctx.dataDir, 'inrepoconfig'), cloneURI }),
    owners: new OwnersReader({ cacheDir: path.join(ctx.dataDir, 'owners'), cloneURI }),
    services: await pluginServices(ctx),
    logger: ctx.logger,
    metrics: ctx.metrics,
    concurrency: workers,
    onBacklog: () => {
      if (letYoungGenerationGrow()) ctx.logger.info('handling is behind intake: the young generation may grow from now on');
    },
    hmacSecretFile,
    deliveriesDir: path.join(ctx.dataDir, 'hook', 'deliveries'),
    intake,
    direct: (p, handler) => ctx.http.direct('hook', p, handler),
    localEndpoints: ctx.localEndpoints,
  });
  await instance.replay();
  const intakeLoops = startIntake(ctx, instance, intake);
  return {
    stop: async () => {
      await intakeLoops.stop();
      await instance.stop();
      intake.ledger.close();
    },
  };
}
