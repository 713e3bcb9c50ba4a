import { describe, expect, it } from '@jest/globals';
import { collectFlags, selectRoles, UnknownRoleError } from '../../../src/cli/role-selection.js';
import type { Role } from '../../../src/runtime/role.js';
import type { FlagSpec } from '../../../src/runtime/flags.js';

const role = (name: string, flags: FlagSpec[] = []): Role => ({
  name, description: name, flags, singleton: false, start: async () => ({ stop: async () => {} }),
});
const registry = [role('hook'), role('crier'), role('deck')];

describe('selectRoles', () => {
  it('accepts comma lists and repeated flags, in registry order, once each', () => {
    expect(selectRoles(['deck,hook'], registry).map((r) => r.name)).toEqual(['hook', 'deck']);
    expect(selectRoles(['crier', 'hook', 'crier'], registry).map((r) => r.name)).toEqual(['hook', 'crier']);
  });

  it('expands all to every role', () => {
    expect(selectRoles(['all'], registry).map((r) => r.name)).toEqual(['hook', 'crier', 'deck']);
  });

  it('leaves roles marked inAll: false out of all unless they are named too', () => {
    const withProxy = [...registry, { ...role('ghproxy'), inAll: false }];
    expect(selectRoles(['all'], withProxy).map((r) => r.name)).toEqual(['hook', 'crier', 'deck']);
    expect(selectRoles(['all,ghproxy'], withProxy).map((r) => r.name)).toEqual(['hook', 'crier', 'deck', 'ghproxy']);
    expect(selectRoles(['ghproxy'], withProxy).map((r) => r.name)).toEqual(['ghproxy']);
  });

  it('names unknown roles and lists the valid ones', () => {
    expect(() => selectRoles(['hook,tid'], registry)).toThrow(UnknownRoleError);
    expect(() => selectRoles(['tid'], registry)).toThrow('unknown role: tid. Valid roles: hook, crier, deck, all');
  });
});

describe('collectFlags', () => {
  it('registers a flag shared by roles once and refuses conflicting types', () => {
    const dry: FlagSpec = { name: 'dry-run', type: 'bool', description: 'd' };
    expect(collectFlags([dry], [role('a', [dry]), role('b', [dry])]).map((f) => f.name)).toEqual(['dry-run']);
    expect(() => collectFlags([dry], [role('a', [{ name: 'dry-run', type: 'string', description: 'x' }])])).toThrow(
      'flag --dry-run is declared as bool and as string',
    );
  });
});
