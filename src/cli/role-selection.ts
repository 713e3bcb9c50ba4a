// Turns --role values into the roles to start: comma lists and repeated flags, `all` for every role.
import type { Role } from '../runtime/role.js';
import type { FlagSpec } from '../runtime/flags.js';

export class UnknownRoleError extends Error {
  constructor(readonly unknown: string[], readonly valid: string[]) {
    super(`unknown role${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Valid roles: ${[...valid, 'all'].join(', ')}`);
    this.name = 'UnknownRoleError';
  }
}

export function selectRoles(values: string[], registry: readonly Role[]): Role[] {
  const names = values.flatMap((v) => v.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  if (names.includes('all')) return registry.filter((r) => r.inAll !== false || names.includes(r.name));
  const byName = new Map(registry.map((r) => [r.name, r]));
  const unknown = names.filter((n) => !byName.has(n));
  if (unknown.length > 0) throw new UnknownRoleError(unknown, registry.map((r) => r.name));
  // Registry order, no duplicates: start order must not depend on how the user spelled the flag.
  return registry.filter((r) => names.includes(r.name));
}

/** Every flag of the given roles and the common ones, each once; the same name with another type is a bug. */
export function collectFlags(common: FlagSpec[], roles: readonly Role[]): FlagSpec[] {
  const out = new Map<string, FlagSpec>();
  for (const spec of [...common, ...roles.flatMap((r) => r.flags)]) {
    const prev = out.get(spec.name);
    if (prev && prev.type !== spec.type) {
      throw new Error(`flag --${spec.name} is declared as ${prev.type} and as ${spec.type}`);
    }
    if (!prev) out.set(spec.name, spec);
  }
  return [...out.values()];
}
