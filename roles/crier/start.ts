// The crier role's start: the reporters and their controllers, loaded only by a process that runs it.
import { readFileSync } from 'node:fs';
import { clockFromEnv } from '../../src/clock.js';
import { GITHUB_CREDENTIALS_HINT } from '../../src/github/factory.js';
import { BlobStorageReporter } from '../../src/report/blob-reporter.js';
import { GitHubReporter } from '../../src/report/github-reporter.js';
import type { Reporter } from '../../src/report/reporter.js';
import { SlackReporter } from '../../src/report/slack-reporter.js';
import { DEFAULT_SLACK_API, DEFAULT_SLACK_HOST, SlackClient } from '../../src/report/slack.js';
import { registerSecret } from '../../src/runtime/logger.js';
import type { RoleContext, Stopper } from '../../src/runtime/role.js';
import { ReporterController } from './controller.js';
import { crierMetrics } from './metrics.js';

/**
 * Upstream's workers default to 0 (each reporter is opted into per Deployment). In all-in-one mode (the file
 * ProwJob store) one process is the whole system, so GitHub and blob storage reporting are on unless set to 0.
 */
function workersFlag(ctx: RoleContext, name: 'github-workers' | 'blob-storage-workers'): number {
  const allInOne = (ctx.flags.string('prowjob-store') ?? 'file') === 'file';
  return ctx.flags.int(name) ?? (allInOne ? 1 : 0);
}

function reporters(ctx: RoleContext): { reporter: Reporter; workers: number }[] {
  const out: { reporter: Reporter; workers: number }[] = [];
  const github = workersFlag(ctx, 'github-workers');
  const gh = ctx.github;
  if (github > 0 && !gh) {
    // The other reporters still run (all-in-one mode with no GitHub account is a supported start).
    ctx.logger.warn(`GitHub reporting is off until GitHub access is configured (statuses and comments need credentials). ${GITHUB_CREDENTIALS_HINT}`);
  } else if (github > 0 && gh) {
    out.push({
      workers: github,
      reporter: new GitHubReporter({
        clientFor: (org) => gh.forOrg(org),
        botLogin: () => gh.botLogin(),
        config: () => ctx.config.config(),
        listJobs: (labelSelector) => ctx.store.list({ labelSelector }),
      }),
    });
  }
  const slack = ctx.flags.int('slack-workers') ?? 0;
  if (slack > 0) {
    const endpoint = ctx.flags.string('slack-endpoint') ?? DEFAULT_SLACK_API;
    const clients = new Map<string, SlackClient>();
    const addHost = (host: string, tokenFile: string): void => {
      const token = readFileSync(tokenFile, 'utf8').trim();
      if (!token) throw new Error(`Slack token file ${tokenFile} is empty`);
      registerSecret(token);
      clients.set(host, new SlackClient(() => token, endpoint));
    };
    const tokenFile = ctx.flags.string('slack-token-file');
    if (tokenFile) addHost(DEFAULT_SLACK_HOST, tokenFile);
    for (const entry of ctx.flags.list('additional-slack-token-files')) {
      const eq = entry.indexOf('=');
      if (eq <= 0 || eq === entry.length - 1) throw new Error(`--additional-slack-token-files ${JSON.stringify(entry)}: want host=path`);
      addHost(entry.slice(0, eq), entry.slice(eq + 1));
    }
    if (clients.size === 0) throw new Error('--slack-workers needs --slack-token-file (or --additional-slack-token-files)');
    out.push({ workers: slack, reporter: new SlackReporter({ clients, config: () => ctx.config.config().slack_reporter_configs }) });
  }
  const blob = workersFlag(ctx, 'blob-storage-workers');
  if (blob > 0) {
    out.push({ workers: blob, reporter: new BlobStorageReporter({ open: (bucket) => ctx.storage.open(bucket) }) });
  }
  return out;
}

export async function startCrier(ctx: RoleContext): Promise<Stopper> {
  const metrics = crierMetrics(ctx.metrics);
  const clock = clockFromEnv();
  const dryRun = ctx.flags.bool('dry-run');
  const enabled = reporters(ctx);
  if (enabled.length === 0) ctx.logger.warn('no reporter enabled (set --github-workers, --slack-workers or --blob-storage-workers)');
  const controllers = enabled.map(({ reporter, workers }) => {
    const c = new ReporterController({ store: ctx.store, reporter, workers, logger: ctx.logger, metrics, clock, dryRun });
    c.start();
    ctx.logger.info('reporter started', { reporter: reporter.name, workers });
    return c;
  });
  return { stop: async () => { await Promise.all(controllers.map((c) => c.stop())); } };
}
