// The plugins.yaml sections plugins own. A plugin describes each section it owns (schema fragment, defaults,
// checks, whether supplemental files may add to it) in its definePlugin; the loader receives them from the
// caller (src/cli passes the registry's) so src/config never imports a plugin. The schema fragments are composed
// into the precompiled validators (schemas/standalone.ts), so --strict catches unknown fields inside them too.
import type { SchemaObject } from 'ajv';
import { parseGoDuration } from './duration.js';
import { joinPath, type ConfigProblem } from './errors.js';
import { compileGoRegex } from './goregex.js';
import type { PluginsConfig } from './types.js';
import { templateParseError } from '../report/template.js';

/**
 * A path relative to a section: `[0].repos`, `branchregexp`, or the keys and indexes one by one
 * (`['restricted_labels', 'org/repo', 0, 'label']`), each quoted as needed.
 */
export type SectionPath = string | number | readonly (string | number)[];

/** Problems a section check reports; paths are relative to the section. */
export interface SectionReport {
  error(path: SectionPath, message: string): void;
  warning(path: SectionPath, message: string, warningName?: string): void;
  /** An error when `pattern` is set and does not compile as a Go (RE2) regex. */
  regex(path: SectionPath, pattern: string | undefined): void;
  /** An error when `value` is set and is not a Go duration. */
  duration(path: SectionPath, value: string | undefined): void;
  /** An error when `source` is set and Go's text/template would not parse it. */
  template(path: SectionPath, source: string | undefined): void;
}

export interface PluginConfigSection<T = unknown> {
  /** The top-level plugins.yaml key. */
  key: string;
  /** The plugin that owns it (for messages). */
  plugin: string;
  /** JSON Schema of the value under `key`; objects closed (additionalProperties: false). */
  schema: SchemaObject;
  /** A list section that supplemental plugin config files may append to (as upstream's mergeable lists). */
  mergeable?: boolean;
  /** Fills in upstream's defaults; gets the value as written (undefined when absent), returns the defaulted one. */
  defaults?: (value: T | undefined) => T | undefined;
  /** Semantic checks of the defaulted value (only called when the section is present). */
  check?: (value: T, report: SectionReport, all: PluginsConfig) => void;
}

/** What the loader needs to know about the plugins the process has. */
export interface PluginRegistryInfo {
  /** Every plugin name; enabling another one is an error that lists these. */
  names: readonly string[];
  sections: readonly PluginConfigSection[];
}

/** `path` relative to a section, joined onto the section key. */
function sectionPath(key: string, rel: SectionPath): string {
  if (typeof rel === 'object') return rel.reduce<string>((p, k) => joinPath(p, k), key);
  if (typeof rel === 'number') return joinPath(key, rel);
  if (rel === '') return key;
  if (rel.startsWith('[')) return `${key}${rel}`;
  return joinPath(key, rel);
}

/** Applies each owned section's defaults in place. */
export function applySectionDefaults(pc: PluginsConfig, sections: readonly PluginConfigSection[]): void {
  const doc = pc as Record<string, unknown>;
  for (const s of sections) {
    if (!s.defaults) continue;
    const v = s.defaults(doc[s.key]);
    if (v === undefined) delete doc[s.key];
    else doc[s.key] = v;
  }
}

/** Runs each present section's checks; every problem carries the section's field path. */
export function checkSections(pc: PluginsConfig, sections: readonly PluginConfigSection[]): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const doc = pc as Record<string, unknown>;
  for (const s of sections) {
    const value = doc[s.key];
    if (value === undefined || !s.check) continue;
    const at = (rel: SectionPath): string => sectionPath(s.key, rel);
    const report: SectionReport = {
      error: (p, message) => out.push({ severity: 'error', kind: 'semantic', path: at(p), message }),
      warning: (p, message, warning) => out.push({ severity: 'warning', kind: 'semantic', path: at(p), message, ...(warning ? { warning } : {}) }),
      regex: (p, pattern) => {
        if (pattern === undefined) return;
        try {
          compileGoRegex(pattern);
        } catch (e) {
          report.error(p, (e as Error).message);
        }
      },
      duration: (p, v) => {
        if (v === undefined || v === '') return;
        try {
          parseGoDuration(v);
        } catch (e) {
          report.error(p, (e as Error).message);
        }
      },
      template: (p, source) => {
        const why = source ? templateParseError(source) : undefined;
        if (why) report.error(p, why);
      },
    };
    try {
      s.check(value, report, pc);
    } catch (e) {
      // A value of the wrong shape is already a schema error; a check tripping over it must not hide the others.
      out.push({ severity: 'error', kind: 'semantic', path: s.key, message: `the ${s.plugin} plugin cannot check this section: ${(e as Error).message}` });
    }
  }
  return out;
}

/** Keys of the list sections supplemental plugin config files may append to. */
export function mergeableSections(sections: readonly PluginConfigSection[]): string[] {
  return sections.filter((s) => s.mergeable).map((s) => s.key);
}
