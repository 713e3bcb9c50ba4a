// Flag specs shared by the CLI, roles and subcommands. One spec per flag name: roles that need the same flag
// (e.g. --dry-run) declare the same spec and the registry registers it once.
import { InvalidArgumentError, Option } from 'commander';
import { parseGoDuration } from '../config/duration.js';

export type FlagType = 'string' | 'int' | 'bool' | 'list' | 'duration';
export type FlagValue = string | number | boolean | string[] | undefined;

export interface FlagSpec {
  /** kebab-case, without dashes: `config-path`. */
  name: string;
  type: FlagType;
  description: string;
  default?: string | number | boolean | string[];
  /** Value placeholder in help, e.g. `PATH`. */
  placeholder?: string;
}

/** Parses upstream's Go-style boolean values: `--dry-run`, `--dry-run=true`, `--dry-run=false`. */
export function parseBool(value: string): boolean {
  switch (value.toLowerCase()) {
    case '1': case 't': case 'true': return true;
    case '0': case 'f': case 'false': return false;
    default: throw new InvalidArgumentError(`"${value}" is not a boolean (use true or false)`);
  }
}

/** Builds the commander Option for a spec. */
export function toOption(spec: FlagSpec): Option {
  const ph = spec.placeholder ?? (spec.type === 'int' ? 'N' : spec.type === 'duration' ? 'DURATION' : 'VALUE');
  let opt: Option;
  switch (spec.type) {
    case 'bool':
      // Optional value so both `--flag` and Go's `--flag=false` work.
      opt = new Option(`--${spec.name} [bool]`, spec.description).argParser(parseBool);
      // Commander reads `--no-x` as "x = false"; upstream's `--no-x` flags are ordinary booleans named no-x.
      opt.negate = false;
      break;
    case 'int':
      opt = new Option(`--${spec.name} <${ph}>`, spec.description).argParser((v: string) => {
        if (!/^-?\d+$/.test(v)) throw new InvalidArgumentError(`"${v}" is not an integer`);
        return Number(v);
      });
      break;
    case 'duration':
      opt = new Option(`--${spec.name} <${ph}>`, `${spec.description} (Go duration, e.g. 30s, 1h30m)`).argParser((v: string) => {
        try {
          parseGoDuration(v);
        } catch (e) {
          throw new InvalidArgumentError((e as Error).message);
        }
        return v;
      });
      break;
    case 'list':
      opt = new Option(`--${spec.name} <${ph}>`, `${spec.description} (repeatable)`).argParser(
        (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
      );
      break;
    default:
      opt = new Option(`--${spec.name} <${ph}>`, spec.description);
  }
  if (spec.default !== undefined) opt.default(spec.default);
  return opt;
}

/** Read access to parsed flags by their kebab-case names. */
export class Flags {
  private readonly values: Map<string, FlagValue>;

  constructor(values: Record<string, FlagValue> | Map<string, FlagValue>) {
    this.values = values instanceof Map ? new Map(values) : new Map(Object.entries(values));
  }

  /** Builds from commander's camelCased opts(), keyed back to kebab-case by the known specs. */
  static fromCommander(opts: Record<string, unknown>, specs: Iterable<FlagSpec>): Flags {
    const m = new Map<string, FlagValue>();
    for (const s of specs) {
      const v = opts[camel(s.name)];
      if (v !== undefined) m.set(s.name, v as FlagValue);
    }
    return new Flags(m);
  }

  has(name: string): boolean {
    return this.values.get(name) !== undefined;
  }

  string(name: string): string | undefined {
    const v = this.values.get(name);
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw new Error(`flag --${name} is not a string`);
    return v;
  }

  int(name: string): number | undefined {
    const v = this.values.get(name);
    if (v === undefined) return undefined;
    if (typeof v !== 'number') throw new Error(`flag --${name} is not an integer`);
    return v;
  }

  bool(name: string): boolean {
    const v = this.values.get(name);
    // Commander sets `true` for a bare optional-value flag.
    return v === true;
  }

  list(name: string): string[] {
    const v = this.values.get(name);
    if (v === undefined) return [];
    if (Array.isArray(v)) return v;
    if (typeof v === 'string') return [v];
    throw new Error(`flag --${name} is not a list`);
  }

  /** A duration flag in milliseconds. */
  durationMs(name: string): number | undefined {
    const v = this.string(name);
    return v === undefined ? undefined : parseGoDuration(v);
  }

  /** A copy with some values replaced (tests and subcommands). */
  with(overrides: Record<string, FlagValue>): Flags {
    const m = new Map(this.values);
    for (const [k, v] of Object.entries(overrides)) m.set(k, v);
    return new Flags(m);
  }
}

export function camel(kebab: string): string {
  return kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
