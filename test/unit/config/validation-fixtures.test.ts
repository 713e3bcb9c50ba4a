// Every file under fixtures/invalid is a config with one mistake, declared in its header:
//   # expect: <text the error message contains>
//   # path: <field path the error points at>
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../../../src/config/index.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'invalid');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

describe('validation errors (fixtures/invalid)', () => {
  it('has fixtures', () => {
    expect(fixtures.length).toBeGreaterThan(25);
  });

  it.each(fixtures)('%s is rejected with its file, field path and reason', async (name) => {
    const file = path.join(dir, name);
    const text = readFileSync(file, 'utf8');
    const expected = /^# expect: (.*)$/m.exec(text)![1]!;
    const expectedPath = /^# path: ?(.*)$/m.exec(text)![1]!;
    const err = await loadConfig({ configPath: file }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    const errors = (err as ConfigError).problems.filter((p) => p.severity === 'error');
    const match = errors.find((p) => p.message.includes(expected));
    expect({ name, match: match !== undefined, errors: errors.map((p) => `${p.path}: ${p.message}`) }).toEqual(expect.objectContaining({ match: true }));
    expect(match!.file).toBe(file);
    expect(match!.path).toBe(expectedPath);
  });
});
