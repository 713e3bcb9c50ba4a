// Problems found in config files: every one carries the file and the field path, so a user can fix them all at once.

export type Severity = 'error' | 'warning';

export interface ConfigProblem {
  severity: Severity;
  /** The file the problem is in, when known. */
  file?: string;
  /** Field path such as `presubmits["org/repo"][0].always_run` ('' for the whole file). */
  path: string;
  message: string;
  /** Problems of kind 'unknown-field' become errors under --strict. */
  kind?: 'unknown-field' | 'schema' | 'semantic' | 'parse' | 'io';
  /** For warnings: the checkconfig warning name that reports it (`--warnings`), as upstream names them. */
  warning?: string;
}

/** Checkconfig's warnings that are on unless `--warnings` picks others (upstream's names). */
export const DEFAULT_WARNINGS = [
  'mismatched-tide',
  'tide-strict-branch',
  'tide-context-policy',
  'mismatched-tide-lenient',
  'non-decorated-jobs',
  'long-job-names',
  'duplicate-job-refs',
  'needs-ok-to-test',
  'managed-webhooks',
  'validate-owners',
  'missing-trigger',
  'validate-urls',
  'unknown-fields',
  'validate-cluster-field',
  'validate-supplemental-prow-config-hierarchy',
  'validate-unmanaged-branchconfig-has-no-subconfig',
  'validate-label',
  'required-job-annotations',
  'periodic-default-clone-config',
] as const;
/** On with --expensive-checks (they ask GitHub). */
export const EXPENSIVE_WARNINGS = ['verify-owners-presence'] as const;
export const OPTIONAL_WARNINGS = ['valid-decoration-config', 'unknown-fields-all', 'validate-github-app-installation'] as const;
export const ALL_WARNINGS: readonly string[] = [...DEFAULT_WARNINGS, ...EXPENSIVE_WARNINGS, ...OPTIONAL_WARNINGS];

/** Whether checkconfig reports this warning without `--warnings`; untagged warnings always show. */
export function shownByDefault(p: ConfigProblem): boolean {
  return p.warning === undefined || p.warning === 'unknown-fields-all' || (DEFAULT_WARNINGS as readonly string[]).includes(p.warning);
}

export function formatProblem(p: ConfigProblem): string {
  const where = [p.file, p.path].filter((s) => s !== undefined && s !== '').join(': ');
  return `${p.severity}: ${where ? `${where}: ` : ''}${p.message}`;
}

/** Thrown by loadConfig when the config has errors; lists every one. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    const errors = problems.filter((p) => p.severity === 'error');
    super(`invalid config (${errors.length} error${errors.length === 1 ? '' : 's'}):\n${errors.map(formatProblem).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Appends a field (or dotted fields), or an index, to a path in the `a.b["key/with/slash"][0]` notation. */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (/^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/.test(key)) return base === '' ? key : `${base}.${key}`;
  return `${base}[${JSON.stringify(key)}]`;
}
