// The project's one YAML library, read and written as upstream's Go (sigs.k8s.io/yaml on go-yaml v2) does.
import { describe, expect, it } from '@jest/globals';
import { parseAllConfigYaml, parseConfigYaml, toYaml, YamlSyntaxError } from '../../../src/config/yaml.js';

describe('toYaml', () => {
  it('quotes strings Go would read as booleans or numbers, so they read back as strings', () => {
    const data = { a: 'yes', b: 'on', c: '1.37', d: 'N', e: 'plain', f: true, g: 15000 };
    const text = toYaml(data);
    expect(text).toContain("a: 'yes'");
    expect(text).toContain("b: 'on'");
    expect(text).toContain("c: '1.37'");
    expect(text).toContain('e: plain');
    expect(parseConfigYaml(text)).toEqual(data);
  });

  it('writes a shared object where each use is (no anchors), leaves undefined fields out, does not fold long lines', () => {
    const shared = { name: 'x' };
    const long = 'word '.repeat(40).trim();
    const text = toYaml({ p: shared, q: shared, r: undefined, s: long });
    expect(text).not.toMatch(/[&*]/);
    expect(text).not.toContain('r:');
    expect(text).toContain(`s: ${long}\n`);
  });

  it('sorts keys when asked', () => {
    expect(toYaml({ b: 1, a: 2 }, { sortKeys: true })).toBe('a: 2\nb: 1\n');
  });
});

describe('parseConfigYaml', () => {
  it('merges `<<: *anchor` keys as go-yaml v2 does, the keys of the mapping itself winning', () => {
    expect(parseConfigYaml('base: &b {image: alpine, cpu: 1}\njob:\n  <<: *b\n  cpu: 2\n')).toEqual({ base: { image: 'alpine', cpu: 1 }, job: { image: 'alpine', cpu: 2 } });
  });
});

describe('plain scalars (strings are settled by their first character before the other types are tried)', () => {
  // Each with what it read as before that shortcut, and as go-yaml v2 reads it.
  const READS: [string, unknown][] = [
    ['<<', '<<'],
    ...['yes', 'Yes', 'on', 'ON', 'y', 'Y', 'true', 'True'].map((s): [string, unknown] => [s, true]),
    ...['no', 'NO', 'off', 'Off', 'n', 'N', 'false', 'FALSE'].map((s): [string, unknown] => [s, false]),
    ['~', null],
    ['null', null],
    ['Null', null],
    ['.inf', Infinity],
    ['-.inf', -Infinity],
    ['.nan', NaN],
    ['0x1F', 31],
    ['+1', 1],
    ['-1', -1],
    ['.5', 0.5],
    ['1e3', 1000],
    ['1.37', 1.37],
    ['1_000', '1_000'],
    ['-x', '-x'],
    ['+', '+'],
    ['.', '.'],
    ['190:20:30', '190:20:30'],
    ['2001-12-14', '2001-12-14'],
    ['onion', 'onion'],
    ['Nope', 'Nope'],
    ['tru', 'tru'],
    ['yes!', 'yes!'],
    ['é', 'é'],
    ['日本', '日本'],
    [' x', ' x'],
    ['golang:1.22', 'golang:1.22'],
    ['^main$', '^main$'],
    ['a b', 'a b'],
  ];

  it('reads each value as go-yaml v2 does', () => {
    const doc = parseConfigYaml(READS.map(([s], i) => `v${i}: ${s}\n`).join('')) as Record<string, unknown>;
    expect(READS.map(([s], i) => [s, doc[`v${i}`]])).toEqual(READS);
  });

  it('reads each the same in a block sequence, a flow sequence and through an alias', () => {
    for (const [s, v] of READS.filter(([s]) => !/[ :]/.test(s))) {
      expect([s, parseConfigYaml(`- ${s}\n`)]).toEqual([s, [v]]);
      expect([s, parseConfigYaml(`[${s}, x]\n`)]).toEqual([s, [v, 'x']]);
      expect([s, parseConfigYaml(`a: &a ${s}\nb: *a\n`)]).toEqual([s, { a: v, b: v }]);
    }
  });

  it('reads keys the same way: booleans and nulls become their names, `<<` merges, a quoted `<<` is a key', () => {
    expect(parseConfigYaml('yes: 1\nn: 2\n~: 3\n.5: 4\n0x1F: 5\né: 6\nname: 7\n')).toEqual({ true: 1, false: 2, null: 3, '0.5': 4, '31': 5, é: 6, name: 7 });
    expect(parseConfigYaml('<<: {x: 1}\ny: 2\n')).toEqual({ x: 1, true: 2 });
    expect(parseConfigYaml('b: &b {x: 1}\nc:\n  <<: *b\n  z: 2\n')).toEqual({ b: { x: 1 }, c: { x: 1, z: 2 } });
    expect(parseConfigYaml('"<<": {x: 1}\n')).toEqual({ '<<': { x: 1 } });
    expect(() => parseConfigYaml('on: 1\ntrue: 2\n')).toThrow(/duplicated mapping key/);
  });

  it('reads empty plain scalars as null and leaves quoted and tagged ones strings', () => {
    expect(parseConfigYaml('a:\nb: \n"": 1\n? \n: c\n')).toEqual({ a: null, b: null, '': 1, null: 'c' });
    expect(parseConfigYaml('- \n-\n')).toEqual([null, null]);
    expect(parseConfigYaml("a: 'yes'\nb: !!str 1\nc: \"~\"\n")).toEqual({ a: 'yes', b: '1', c: '~' });
  });
});

describe('parseAllConfigYaml', () => {
  it('reads every document of a stream with Go semantics', () => {
    expect(parseAllConfigYaml('a: yes\n---\nb: [1, off]\n')).toEqual([{ a: true }, { b: [1, false] }]);
  });

  it('refuses a stream with a bad document, duplicate keys included', () => {
    expect(() => parseAllConfigYaml('a: 1\n---\nb: [\n')).toThrow(YamlSyntaxError);
    expect(() => parseAllConfigYaml('a: 1\n---\nb: 1\nb: 2\n')).toThrow(/duplicated mapping key/);
  });
});
