import { afterEach, describe, expect, it } from '@jest/globals';
import { renameSync, unlinkSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { ConfigAgent, ConfigError, type LoadedConfig } from '../../../src/config/index.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { createMetricsRegistry } from '../../../src/runtime/metrics.js';
import { TempDir } from './temp.js';

let tmp: TempDir;
let agent: ConfigAgent | undefined;
afterEach(() => {
  agent?.stop();
  agent = undefined;
  tmp?.cleanup();
});

function logger(): { log: ReturnType<typeof createRootLogger>; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString()));
  return { log: createRootLogger({ level: 'debug', stream }), text: () => text };
}

async function until(cond: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function metric(registry: ReturnType<typeof createMetricsRegistry>, name: string): Promise<number> {
  const m = (await registry.getMetricsAsJSON()).find((x) => x.name === name);
  return (m?.values[0]?.value as number | undefined) ?? 0;
}

describe('ConfigAgent', () => {
  it('reloads when a job file changes, swaps atomically and notifies', async () => {
    tmp = new TempDir();
    const cfg = tmp.write('config.yaml', 'sinker:\n  resync_period: 1h\n');
    tmp.write('jobs/a.yaml', 'periodics: []\n');
    const registry = createMetricsRegistry();
    agent = await ConfigAgent.start({ configPath: cfg, jobConfigPath: tmp.path('jobs') }, logger().log, registry, { debounceMs: 20, pollIntervalMs: 200 });
    const first = agent.snapshot();
    const seen: [LoadedConfig, LoadedConfig][] = [];
    agent.onChange((next, prev) => seen.push([next, prev]));

    tmp.write('b.yaml.tmp', 'periodics:\n- name: nightly\n  interval: 1h\n  spec: {containers: [{image: a}]}\n');
    renameSync(tmp.path('b.yaml.tmp'), tmp.path('jobs/b.yaml'));
    await until(() => (agent!.config().periodics ?? []).length === 1, 'the new job file');
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(seen[0]![1]).toBe(first);
    expect(agent.snapshot()).toBe(seen[seen.length - 1]![0]);
    expect(first.config.periodics ?? []).toHaveLength(0);
    expect(await metric(registry, 'prow_config_reload_success_total')).toBeGreaterThanOrEqual(2);
  });

  it('keeps the last good config on a bad change, logs why and counts it', async () => {
    tmp = new TempDir();
    const cfg = tmp.write('config.yaml', 'sinker:\n  resync_period: 1h\n');
    const registry = createMetricsRegistry();
    const l = logger();
    agent = await ConfigAgent.start({ configPath: cfg }, l.log, registry, { debounceMs: 20, pollIntervalMs: 200 });
    // Written elsewhere and renamed over the file, as editors and ConfigMap updates do.
    tmp.write('config.yaml.new', 'sinker:\n  resync_period: 1d\n');
    renameSync(tmp.path('config.yaml.new'), cfg);
    await until(async () => (await metric(registry, 'prow_config_reload_failure_total')) === 1, 'the failed reload');
    expect(agent.config().sinker!.resync_period).toBe('1h');
    expect(l.text()).toContain('config reload failed; keeping the last good config');
    expect(l.text()).toContain('sinker.resync_period');

    tmp.write('config.yaml.new', 'sinker:\n  resync_period: 2h\n');
    renameSync(tmp.path('config.yaml.new'), cfg);
    await until(() => agent!.config().sinker!.resync_period === '2h', 'the fixed config');
  });

  it('keeps the last good config when a file disappears, and picks it up again when it is back', async () => {
    tmp = new TempDir();
    const cfg = tmp.write('config.yaml', 'sinker:\n  resync_period: 3h\n');
    const registry = createMetricsRegistry();
    agent = await ConfigAgent.start({ configPath: cfg }, logger().log, registry, { debounceMs: 20, pollIntervalMs: 100 });
    unlinkSync(cfg);
    await until(async () => (await metric(registry, 'prow_config_reload_failure_total')) >= 1, 'the failed reload');
    expect(agent.config().sinker!.resync_period).toBe('3h');
    tmp.write('config.yaml.new', 'sinker:\n  resync_period: 4h\n');
    renameSync(tmp.path('config.yaml.new'), cfg);
    await until(() => agent!.config().sinker!.resync_period === '4h', 'the restored file');
  });

  it('refuses to start on a bad config', async () => {
    tmp = new TempDir();
    const cfg = tmp.write('config.yaml', 'log_level: loud\n');
    await expect(ConfigAgent.start({ configPath: cfg }, logger().log, createMetricsRegistry())).rejects.toBeInstanceOf(ConfigError);
  });

  it('reload() with nothing changed swaps in an equal config; a listener that throws does not break others', async () => {
    tmp = new TempDir();
    const cfg = tmp.write('config.yaml', '{}\n');
    agent = await ConfigAgent.start({ configPath: cfg }, logger().log, createMetricsRegistry());
    let called = 0;
    agent.onChange(() => {
      throw new Error('boom');
    });
    const off = agent.onChange(() => called++);
    expect(await agent.reload()).toBe(true);
    off();
    expect(await agent.reload()).toBe(true);
    expect(called).toBe(1);
  });
});
