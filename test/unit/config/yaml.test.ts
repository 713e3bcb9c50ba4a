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

describe('parseAllConfigYaml', () => {
  it('reads every document of a stream with Go semantics', () => {
    expect(parseAllConfigYaml('a: yes\n---\nb: [1, off]\n')).toEqual([{ a: true }, { b: [1, false] }]);
  });

  it('refuses a stream with a bad document, duplicate keys included', () => {
    expect(() => parseAllConfigYaml('a: 1\n---\nb: [\n')).toThrow(YamlSyntaxError);
    expect(() => parseAllConfigYaml('a: 1\n---\nb: 1\nb: 2\n')).toThrow(/duplicated mapping key/);
  });
});
