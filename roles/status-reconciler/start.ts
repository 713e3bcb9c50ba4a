// The status-reconciler role's start, loaded only by a process that runs it.
import path from 'node:path';
import { GITHUB_CREDENTIALS_HINT } from '../../src/github/factory.js';
import type { RoleContext, Stopper } from '../../src/runtime/role.js';
import type { Config } from '../../src/config/types.js';
import { computeDelta, isEmpty, type PresubmitsByRepo } from './delta.js';
import { reconcile } from './reconciler.js';
import { openStateStore } from './state.js';

function presubmitsOf(c: Config): PresubmitsByRepo {
  return c.presubmits ?? {};
}

export async function startStatusReconciler(ctx: RoleContext): Promise<Stopper> {
  const github = ctx.github;
  if (!github) {
    ctx.logger.warn(`status-reconciler is idle: ${GITHUB_CREDENTIALS_HINT}`);
    return { stop: async () => {} };
  }
  const state = openStateStore(ctx.flags.string('status-path') || path.join(ctx.dataDir, 'status-reconciler', 'status.json'), ctx.storage);
  const deps = {
    github: (org: string) => github.forOrg(org),
    botLogin: () => github.botLogin(),
    store: ctx.store,
    plugins: () => ctx.config.plugins(),
    logger: ctx.logger,
    denylist: ctx.flags.list('denylist'),
    continueOnError: ctx.flags.bool('continue-on-error'),
    dryRun: ctx.flags.bool('dry-run'),
  };

  // One pass at a time, in the order the changes came.
  let last: PresubmitsByRepo | undefined;
  let chain: Promise<void> = Promise.resolve();
  const enqueue = (next: PresubmitsByRepo): void => {
    chain = chain.then(async () => {
      if (last) {
        const delta = computeDelta(last, next);
        if (!isEmpty(delta)) {
          const r = await reconcile(delta, deps);
          ctx.logger.info('Reconciled statuses after a job config change.', { triggered: r.triggered, retired: r.retired, migrated: r.migrated, errors: r.errors.length });
        }
      }
      last = next;
      if (!deps.dryRun) await state.save(next);
    }).catch((e: unknown) => {
      ctx.logger.error('status reconciliation failed', { error: e });
    });
  };

  const saved = await state.load();
  last = saved;
  if (!saved) ctx.logger.info('No saved status-reconciler state: reconciling from the next job config change on.');
  enqueue(presubmitsOf(ctx.config.config()));
  const unsubscribe = ctx.config.onChange((next) => enqueue(presubmitsOf(next.config)));
  return {
    stop: async () => {
      unsubscribe();
      await chain;
    },
  };
}
