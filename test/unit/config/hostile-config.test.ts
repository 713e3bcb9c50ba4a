// Config an unlucky operator (or an attacker with write access to a ConfigMap) can produce: YAML alias bombs and
// oversized files, an empty or truncated config.yaml, a plugins.yaml the running process would accept but
// checkconfig rejects. Each is an error, at start and on reload alike, and the last good config stays.
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ConfigAgent } from '../../../src/config/agent.js';
import { ConfigError } from '../../../src/config/errors.js';
import { loadConfig } from '../../../src/config/load.js';
import { MAX_YAML_BYTES, parseConfigYaml, YamlSyntaxError } from '../../../src/config/yaml.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { createMetricsRegistry } from '../../../src/runtime/metrics.js';
import { runCheckconfig } from '../../../src/cli/checkconfig.js';
import { Flags } from '../../../src/runtime/flags.js';
import { startProcess } from '../../../src/runtime/process.js';
import { CONFIG_VALIDATION } from '../../../plugins/index.js';
import { TempDir } from './temp.js';

/** 380 bytes that expand to 9^9 strings when walked. */
const ALIAS_BOMB = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
`;

const GOOD = 'prowjob_namespace: default\nperiodics:\n- name: p\n  interval: 1h\n  spec: {containers: [{image: alpine, command: [date]}]}\n';

describe('hostile config files', () => {
  let t: TempDir;
  beforeEach(() => {
    t = new TempDir();
  });
  afterEach(() => t.cleanup());

  it('refuses a YAML alias bomb, and keeps ordinary aliases working', async () => {
    expect(() => parseConfigYaml(ALIAS_BOMB)).toThrow(YamlSyntaxError);
    expect(() => parseConfigYaml(ALIAS_BOMB)).toThrow(/alias/);
    expect(parseConfigYaml('p: &x {a: 1}\nq: *x\nr: [*x, *x]\n')).toEqual({ p: { a: 1 }, q: { a: 1 }, r: [{ a: 1 }, { a: 1 }] });
    await expect(loadConfig({ configPath: t.write('config.yaml', ALIAS_BOMB) })).rejects.toThrow(/alias/);
  });

  it('refuses a YAML file larger than the limit', () => {
    expect(() => parseConfigYaml(`x: "${'a'.repeat(MAX_YAML_BYTES)}"\n`)).toThrow(/larger than/);
  });

  it('refuses an empty or comment-only config file, and accepts an explicitly empty one', async () => {
    for (const text of ['', '\n  \n', '# all jobs\n# were here\n']) {
      await expect(loadConfig({ configPath: t.write('config.yaml', text) })).rejects.toThrow(/is empty/);
      await expect(loadConfig({ configPath: t.write('ok.yaml', GOOD), jobConfigPath: t.write('jobs/j.yaml', text) })).rejects.toThrow(/is empty/);
    }
    await expect(loadConfig({ configPath: t.write('config.yaml', '{}\n') })).resolves.toBeDefined();
    await expect(loadConfig({ configPath: t.write('config.yaml', '# nothing configured yet\n{}\n') })).resolves.toBeDefined();
  });

  it('keeps the last good config when config.yaml is truncated to nothing or replaced by a bomb while running', async () => {
    const file = t.write('config.yaml', GOOD);
    const agent = await ConfigAgent.start({ configPath: file }, createRootLogger({ stream: new PassThrough() }), createMetricsRegistry(), { pollIntervalMs: 60_000 });
    try {
      for (const text of ['', ALIAS_BOMB]) {
        t.write('config.yaml', text);
        expect(await agent.reload()).toBe(false);
        expect(agent.config().periodics?.map((p) => p.name)).toEqual(['p']);
      }
    } finally {
      agent.stop();
    }
  });

  it('validates a reload exactly as checkconfig does: an unknown plugin is refused by both', async () => {
    const paths = { configPath: t.write('config.yaml', GOOD), pluginConfig: t.write('plugins.yaml', 'plugins:\n  org: [trigger]\n') };
    const agent = await ConfigAgent.start(paths, createRootLogger({ stream: new PassThrough() }), createMetricsRegistry(), { ...CONFIG_VALIDATION, pollIntervalMs: 60_000 });
    try {
      t.write('plugins.yaml', 'plugins:\n  org: [trigger, no-such-plugin]\n');
      const checked = await runCheckconfig({ ...paths });
    expect(checked.problems.map((p) => p.message)).toContainEqual(expect.stringMatching(/^unknown plugin "no-such-plugin" \(known plugins: (.+, )?trigger(, .+)?\)$/));
      expect(await agent.reload()).toBe(false);
      expect(agent.plugins().plugins?.org?.plugins).toEqual(['trigger']);
      await expect(loadConfig(paths, CONFIG_VALIDATION)).rejects.toBeInstanceOf(ConfigError);
    } finally {
      agent.stop();
    }
    // A process starting on it refuses too.
    const flags = new Flags({ 'data-dir': t.path('data'), 'health-port': 0, 'metrics-port': 0, 'config-path': paths.configPath, 'plugin-config': paths.pluginConfig });
    await expect(startProcess([], flags, { logStream: new PassThrough() })).rejects.toThrow(/unknown plugin "no-such-plugin"/);
  });
});
