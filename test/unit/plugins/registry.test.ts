// The plugin registry: every plugin is well formed, and what help and the config loader make from it holds.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { inspectConfig } from '../../../src/config/load.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { buildHelp } from '../../../plugins/help.js';
import { KNOWN_PLUGIN_NAMES, PLUGIN_REGISTRY, PLUGINS } from '../../../plugins/index.js';
import { commandText, matchAll } from '../../../plugins/shared/commands.js';

const TEST_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('plugin registry', () => {
  it('has unique plugin names and unique owned plugins.yaml sections', () => {
    expect(new Set(KNOWN_PLUGIN_NAMES).size).toBe(KNOWN_PLUGIN_NAMES.length);
    const keys = PLUGIN_REGISTRY.sections.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) expect(['plugins', 'external_plugins']).not.toContain(k);
  });

  it('lists the same plugins, in the same order and with the same sections, as config loading knows them (sections.ts)', () => {
    expect(KNOWN_PLUGIN_NAMES).toEqual(PLUGINS.map((p) => p.name));
    // toEqual compares functions by identity: the defaults and checks a plugin declares are the ones loading runs.
    const own = PLUGINS.flatMap((p) => p.sections);
    expect(PLUGIN_REGISTRY.sections).toEqual(own);
    PLUGIN_REGISTRY.sections.forEach((s, i) => expect(s.schema).toBe(own[i]!.schema));
  });

  it.each(PLUGINS.map((p) => [p.name]))('%s has tests of its own', (name) => {
    const candidates = [`unit/plugins/${name}.test.ts`, `integration/plugins/${name}.test.ts`];
    expect(candidates.some((c) => existsSync(path.join(TEST_ROOT, c)))).toBe(true);
  });

  it.each(PLUGINS.map((p) => [p.name, p] as const))('%s renders help on an empty config', async (_name, p) => {
    const help = p.help({}, ['org', 'org/repo']);
    expect(help.Description.length).toBeGreaterThan(0);
    expect(help.Events?.length).toBeGreaterThan(0);
    const all = await buildHelp(PLUGINS, { plugins: { org: { plugins: [p.name] } } }, createRootLogger({ stream: new PassThrough() }));
    expect(all.PluginHelp[p.name]?.Description).toBe(help.Description);
  });

  it.each(PLUGINS.map((p) => [p.name, p] as const))('every help example of %s is matched by its own command table', (_name, p) => {
    for (const c of p.commands) {
      expect(c.examples.length).toBeGreaterThan(0);
      for (const ex of c.examples) expect([ex, matchAll(c.regex, commandText(ex)).length > 0]).toEqual([ex, true]);
    }
  });

  it('validates owned sections with --strict catching unknown fields, and runs their checks with file and path', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'registry-'));
    try {
      const file = path.join(dir, 'plugins.yaml');
      writeFileSync(file, 'plugins:\n  o: [trigger, nope]\ntriggers:\n- repos: [o/r]\n  trusted_orgg: x\n- repos: [o/r]\n');
      const r = await inspectConfig({ pluginConfig: file }, { plugins: PLUGIN_REGISTRY, strict: true });
      const errors = r.problems.filter((p) => p.severity === 'error').map((p) => `${p.file}: ${p.path}: ${p.message}`);
      expect(errors).toEqual(expect.arrayContaining([
        `${file}: triggers[0].trusted_orgg: unknown field "trusted_orgg"`,
        `${file}: triggers[1].repos: o/r is configured in both triggers[0] and triggers[1]`,
        `${file}: plugins.o.plugins[1]: unknown plugin "nope" (known plugins: ${[...KNOWN_PLUGIN_NAMES].sort().join(', ')})`,
      ]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('commands in comments', () => {
  it('ignores quoted lines and code blocks, as upstream', () => {
    const body = '> /test all\nplease\n```\n/retest\n```\n~~~sh\n/lgtm\n~~~\n    /hold\n/test unit\r\n';
    expect(commandText(body).split('\n').filter((l) => l.startsWith('/'))).toEqual(['/test unit']);
    expect(matchAll(/^\/test (\S+)$/m, commandText(body)).map((m) => m[1])).toEqual(['unit']);
  });
});
