// Crier's Slack reporter against the fake Slack and the blob storage reporter against file:// storage, driven
// through the real file store and the reporter controller.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { ProwJob, ProwJobState, SlackReporterConfig } from '../../../src/api/prowjob.js';
import { SystemClock } from '../../../src/clock.js';
import type { Config } from '../../../src/config/types.js';
import { BlobStorageReporter } from '../../../src/report/blob-reporter.js';
import type { Reporter } from '../../../src/report/reporter.js';
import { SlackReporter } from '../../../src/report/slack-reporter.js';
import { SlackClient } from '../../../src/report/slack.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { createMetricsRegistry } from '../../../src/runtime/metrics.js';
import { StorageClients } from '../../../src/storage/open.js';
import { FileProwJobStore, updateWithRetry } from '../../../src/store/index.js';
import { ReporterController } from '../../../roles/crier/controller.js';
import { crierMetrics } from '../../../roles/crier/metrics.js';
import { FakeSlack } from '../../fakes/slack/index.js';

async function until(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('crier Slack and blob storage reporting', () => {
  let slack: FakeSlack;
  let dir: string;
  let store: FileProwJobStore;
  const controllers: ReporterController[] = [];
  const logger = createRootLogger({ stream: new PassThrough() });
  const config: Config = {
    slack_reporter_configs: {
      '*': { job_types_to_report: ['periodic', 'postsubmit'], job_states_to_report: ['failure', 'error'], channel: 'prow-alerts' },
      'acme/quiet': { job_types_to_report: ['postsubmit'], job_states_to_report: ['failure'], channel: 'quiet' },
    },
  };

  beforeAll(async () => {
    slack = await FakeSlack.start({ token: 'xoxb-test', channels: ['prow-alerts', 'quiet', 'team-room'] });
    dir = mkdtempSync(path.join(os.tmpdir(), 'crier-slack-'));
    store = await FileProwJobStore.open({ dir: path.join(dir, 'prowjobs'), namespace: 'default', pollIntervalMs: 0 });
  });
  afterAll(async () => {
    await Promise.all(controllers.map((c) => c.stop()));
    await store.close();
    await slack.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function start(reporter: Reporter): void {
    const c = new ReporterController({ store, reporter, workers: 1, logger, metrics: crierMetrics(createMetricsRegistry()), clock: new SystemClock(), dryRun: false, backoffMs: 10 });
    c.start();
    controllers.push(c);
  }

  function job(name: string, type: ProwJob['spec']['type'], slackCfg?: SlackReporterConfig, repo = 'widgets'): ProwJob {
    return {
      apiVersion: 'prow.k8s.io/v1',
      kind: 'ProwJob',
      metadata: { name },
      spec: { type, job: name, refs: { org: 'acme', repo, base_ref: 'main', base_sha: 'b'.repeat(40) }, ...(slackCfg ? { reporter_config: { slack: slackCfg } } : {}) },
      status: { state: 'triggered', startTime: new Date().toISOString(), build_id: `10${name.length}` },
    };
  }

  async function finish(name: string, state: ProwJobState): Promise<void> {
    await updateWithRetry(store, name, (pj) => {
      pj.status.state = state;
      pj.status.url = `https://prow.example/view/${name}`;
      pj.status.completionTime = new Date().toISOString();
    });
  }

  it('posts failures to the configured channel with the default template, and honours job overrides and silencing', async () => {
    slack.failNext('ratelimited'); // the first post fails and is retried
    start(new SlackReporter({ clients: new Map([['*', new SlackClient(() => 'xoxb-test', `${slack.url}/api`)]]), config: () => config.slack_reporter_configs }));
    await store.create(job('nightly', 'periodic'));
    await store.create(job('own-channel', 'batch', { channel: 'team-room', job_states_to_report: ['success'], report_template: 'Overridden template for job {{.Spec.Job}}' }));
    await store.create(job('silenced', 'periodic', { job_states_to_report: [] }));
    await store.create(job('quiet-post', 'postsubmit', undefined, 'quiet'));
    await finish('nightly', 'failure');
    await finish('own-channel', 'success');
    await finish('silenced', 'failure');
    await finish('quiet-post', 'success');
    await until(() => slack.messages.length >= 2, 'two messages');
    const reported = async (n: string): Promise<string | undefined> => (await store.get(n)).status.prev_report_states?.slackreporter;
    await until(async () => (await reported('nightly')) === 'failure' && (await reported('own-channel')) === 'success', 'states recorded');
    expect(slack.messages.map((m) => [m.channel, m.text]).sort()).toEqual([
      ['prow-alerts', 'Job nightly of type periodic ended with state failure. <https://prow.example/view/nightly|View logs>'],
      ['team-room', 'Overridden template for job own-channel'],
    ]);
    expect(slack.calls.filter((c) => c.response.error === 'ratelimited')).toHaveLength(1);
    expect(await reported('silenced')).toBeUndefined();
    expect(await reported('quiet-post')).toBeUndefined();
  });

  it('writes prowjob.json into the build directory', async () => {
    const storage = new StorageClients(dir);
    start(new BlobStorageReporter({ open: (bucket) => storage.open(bucket) }));
    await store.create(job('post-build', 'postsubmit'));
    await finish('post-build', 'success');
    const file = path.join(dir, 'storage', 'logs', 'post-build', '1010', 'prowjob.json');
    await until(async () => (await store.get('post-build')).status.prev_report_states?.gcsreporter === 'success', 'final state written');
    const written = JSON.parse(readFileSync(file, 'utf8')) as ProwJob;
    expect(written.metadata.name).toBe('post-build');
    expect(written.status.state).toBe('success');
  });
});
