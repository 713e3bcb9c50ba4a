import { describe, expect, it } from '@jest/globals';
import { Command } from 'commander';
import { Flags, toOption, type FlagSpec } from '../../../src/runtime/flags.js';

const specs: FlagSpec[] = [
  { name: 'dry-run', type: 'bool', description: 'd', default: true },
  { name: 'github-workers', type: 'int', description: 'w', default: 10 },
  { name: 'github-endpoint', type: 'list', description: 'e' },
  { name: 'resync-period', type: 'duration', description: 'r', default: '1h' },
  { name: 'no-in-cluster-config', type: 'bool', description: 'n', default: false },
];

function parse(argv: string[]): Flags {
  const cmd = new Command('t').exitOverride().configureOutput({ writeErr: () => {} });
  for (const s of specs) cmd.addOption(toOption(s));
  cmd.parse(argv, { from: 'user' });
  return Flags.fromCommander(cmd.opts(), specs);
}

describe('flags', () => {
  it("accepts Go's boolean forms", () => {
    expect(parse([]).bool('dry-run')).toBe(true);
    expect(parse(['--dry-run=false']).bool('dry-run')).toBe(false);
    expect(parse(['--dry-run=true']).bool('dry-run')).toBe(true);
    expect(parse(['--dry-run']).bool('dry-run')).toBe(true);
    expect(() => parse(['--dry-run=maybe'])).toThrow('"maybe" is not a boolean');
  });

  it('keeps upstream flags named no-… as plain booleans, not negations', () => {
    expect(parse([]).bool('no-in-cluster-config')).toBe(false);
    expect(parse(['--no-in-cluster-config']).bool('no-in-cluster-config')).toBe(true);
    expect(parse(['--no-in-cluster-config=true']).bool('no-in-cluster-config')).toBe(true);
    expect(parse(['--no-in-cluster-config=false']).bool('no-in-cluster-config')).toBe(false);
  });

  it('parses integers, repeated lists and Go durations', () => {
    const f = parse(['--github-workers=3', '--github-endpoint', 'http://a', '--github-endpoint=http://b', '--resync-period=1h30m']);
    expect(f.int('github-workers')).toBe(3);
    expect(f.list('github-endpoint')).toEqual(['http://a', 'http://b']);
    expect(f.durationMs('resync-period')).toBe(5_400_000);
    expect(() => parse(['--github-workers=x'])).toThrow('"x" is not an integer');
    expect(() => parse(['--resync-period=2d'])).toThrow('unknown unit "d"');
  });
});
