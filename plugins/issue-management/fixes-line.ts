// The PR body's `Fixes` line that /link-issue and /unlink-issue edit, and the issue references they take, as
// newer upstream's issue-management plugin reads and writes them.

export interface IssueRef {
  org: string;
  repo: string;
  num: number;
}

/** Go's strconv.Atoi: an optional sign and decimal digits. */
const atoi = (s: string): number | undefined => (/^[+-]?\d+$/.test(s) ? Number(s) : undefined);

/** `123` (this repo) or `org/repo#123`; undefined for anything else. */
export function parseIssueRef(ref: string, org: string, repo: string): IssueRef | undefined {
  const n = atoi(ref);
  if (n !== undefined) return { org, repo, num: n };
  if (!ref.includes('/')) return undefined;
  const parts = ref.split('#');
  if (parts.length !== 2) return undefined;
  const orgRepo = parts[0]!.split('/');
  const num = atoi(parts[1]!);
  if (orgRepo.length !== 2 || num === undefined) return undefined;
  return { org: orgRepo[0]!, repo: orgRepo[1]!, num };
}

/** `#123` for this repo, `org/repo#123` for another. */
export function formatIssueRef(ref: IssueRef, org: string, repo: string): string {
  return ref.org === org && ref.repo === repo ? `#${ref.num}` : `${ref.org}/${ref.repo}#${ref.num}`;
}

// [^\n], not `.`: as in Go, a trailing \r is part of the line (and dropped as whitespace).
const FIXES = /^fixes\s+([^\n]*)$/i;

/**
 * The body with its first `Fixes …` line holding the issues it had, less `remove`, plus `add` (sorted, each once);
 * the line is appended (after a blank line) when there was none, and removed when no issue is left.
 */
export function updateFixesLine(body: string, add: readonly string[], remove: readonly string[]): string {
  const lines = body.split('\n');
  const at = lines.findIndex((l) => FIXES.test(l));
  const issues = new Set(at >= 0 ? FIXES.exec(lines[at]!)![1]!.split(/\s+/).filter((f) => f !== '') : []);
  for (const r of remove) issues.delete(r);
  for (const a of add) issues.add(a);
  if (issues.size === 0) {
    if (at >= 0) lines.splice(at, 1);
    return lines.join('\n');
  }
  const line = `Fixes ${[...issues].sort().join(' ')}`;
  if (at >= 0) lines[at] = line;
  else {
    if (lines.length > 0 && lines[lines.length - 1] !== '') lines.push('');
    lines.push(line);
  }
  return lines.join('\n');
}
