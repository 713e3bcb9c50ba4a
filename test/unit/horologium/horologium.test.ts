import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { ManualClock } from '../../../src/clock.js';
import type { Config } from '../../../src/config/types.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { FileProwJobStore, updateWithRetry } from '../../../src/store/index.js';
import { Horologium, tickInterval } from '../../../roles/horologium/horologium.js';

describe('horologium', () => {
  let dir: string;
  let store: FileProwJobStore;
  let logText = '';
  const logger = (): ReturnType<typeof createRootLogger> => {
    const stream = new PassThrough();
    stream.on('data', (c: Buffer) => { logText += c.toString(); });
    return createRootLogger({ stream });
  };

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'horologium-'));
    store = await FileProwJobStore.open({ dir, namespace: 'default', pollIntervalMs: 0 });
    logText = '';
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const config: Config = {
    periodics: [
      {
        name: 'nightly',
        cron: '0 2 * * *',
        cluster: 'build-east',
        extra_refs: [{ org: 'acme', repo: 'widgets', base_ref: 'main' }],
        reporter_config: { slack: { channel: 'nightly' } },
        labels: { team: 'infra' },
        spec: { containers: [{ name: 'test', image: 'alpine', command: ['true'] }] },
      },
      { name: 'hourly', interval: '1h', spec: { containers: [{ name: 'test', image: 'alpine' }] } },
    ],
  };

  async function finishAll(): Promise<void> {
    for (const pj of await store.list()) {
      if (pj.status.state === 'triggered') {
        await updateWithRetry(store, pj.metadata.name, (j) => {
          j.status.state = 'success';
          j.status.completionTime = j.status.startTime;
        });
      }
    }
  }

  it('creates periodic ProwJobs with the job config, once per cron point, across restarts', async () => {
    const clock = new ManualClock('2026-05-01T01:59:00Z');
    const h = new Horologium({ store, config: () => config, clock, logger: logger(), dryRun: false });
    expect((await h.sync()).length).toBe(2); // neither ran before
    const nightly = (await store.list()).find((j) => j.spec.job === 'nightly')!;
    expect(nightly.spec).toMatchObject({ type: 'periodic', cluster: 'build-east', extra_refs: [{ org: 'acme', repo: 'widgets', base_ref: 'main' }], reporter_config: { slack: { channel: 'nightly' } } });
    expect(nightly.metadata.labels).toMatchObject({ 'prow.k8s.io/type': 'periodic', 'prow.k8s.io/job': 'nightly', team: 'infra', 'created-by-prow': 'true' });
    expect(nightly.status).toMatchObject({ state: 'triggered', startTime: '2026-05-01T01:59:00Z' });
    await finishAll();

    expect(await h.sync()).toEqual([]);
    clock.set('2026-05-01T02:00:10Z');
    expect(await h.sync()).toHaveLength(1);
    await finishAll();
    // A second horologium (a restart) sees the 02:00 run in the store.
    const restarted = new Horologium({ store, config: () => config, clock, logger: logger(), dryRun: false });
    clock.set('2026-05-01T02:30:00Z');
    expect(await restarted.sync()).toEqual([]);
    const nightlies = (await store.list()).filter((j) => j.spec.job === 'nightly');
    expect(nightlies).toHaveLength(2);

    clock.set('2026-05-01T03:00:00.001Z');
    const created = await restarted.sync();
    expect(created).toHaveLength(1);
    expect((await store.get(created[0])).spec.job).toBe('hourly');
  });

  it('creates nothing in dry-run mode and logs bad schedules', async () => {
    const clock = new ManualClock('2026-05-01T00:00:00Z');
    const cfg: Config = { periodics: [...config.periodics!, { name: 'broken', cron: 'every tuesday' }], horologium: { tick_interval: '10s' } };
    const h = new Horologium({ store, config: () => cfg, clock, logger: logger(), dryRun: true });
    expect(await h.sync()).toEqual([]);
    expect(await store.list()).toEqual([]);
    expect(logText).toContain('dry run: would trigger periodic');
    expect(logText).toContain('cannot schedule periodic');
    expect(tickInterval(cfg)).toBe(10_000);
    expect(tickInterval({})).toBe(60_000);
  });

  it('runs on the clock until stopped', async () => {
    const clock = new ManualClock('2026-05-01T00:00:00Z');
    const cfg: Config = { periodics: [{ name: 'often', interval: '1m' }], horologium: { tick_interval: '30s' } };
    const h = new Horologium({ store, config: () => cfg, clock, logger: logger(), dryRun: false });
    const stop = new AbortController();
    const running = h.run(stop.signal);
    const count = async (): Promise<number> => (await store.list()).length;
    const until = async (n: number): Promise<void> => {
      for (let i = 0; i < 500 && (await count()) < n; i++) await new Promise((r) => setTimeout(r, 5));
    };
    await until(1);
    await finishAll();
    for (let i = 0; i < 5; i++) {
      clock.advance(30_000);
      await new Promise((r) => setTimeout(r, 5));
    }
    await until(2);
    expect(await count()).toBe(2);
    stop.abort();
    await running;
    expect(clock.pending()).toBe(0);
  });
});
