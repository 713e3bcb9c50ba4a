// What verify-owners checks in one changed OWNERS file, without GitHub: that it parses, names no unknown fields,
// no denylisted labels, and (at the root) at least one approver; and which names it lists.
import path from 'node:path';
import { OwnersFileError, parseOwners } from '../../src/owners/parse.js';
import { parseConfigYaml } from '../../src/config/yaml.js';

export interface FileProblem {
  /** Position in the PR's diff of the file (review comments are placed there); 1 when unknown. */
  position: number;
  message: string;
}

const TOP_FIELDS = new Set(['approvers', 'reviewers', 'required_reviewers', 'labels', 'emeritus_approvers', 'options', 'filters']);
const OPTION_FIELDS = new Set(['no_parent_owners', 'auto_approve_unowned_subfolders']);
const FILTER_FIELDS = new Set(['approvers', 'reviewers', 'required_reviewers', 'labels', 'emeritus_approvers']);

/**
 * Upstream's golint.AddedLines: for each line the patch adds, its line number in the new file → its position in
 * the patch (the first hunk header is position 0).
 */
export function addedLines(patch: string | undefined): Map<number, number> {
  const out = new Map<number, number>();
  if (!patch) return out;
  const lines = patch.split('\n');
  let newLine = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(l);
    if (hunk) {
      newLine = Number(hunk[1]);
      continue;
    }
    if (l.startsWith('+')) out.set(newLine++, i);
    else if (l.startsWith(' ')) newLine++;
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Field names the OWNERS format does not have (upstream ignores them silently; here they are reported). */
function unknownFields(text: string): string[] {
  let doc: unknown;
  try {
    doc = parseConfigYaml(text);
  } catch {
    return [];
  }
  if (!isObject(doc)) return [];
  const out = Object.keys(doc).filter((k) => !TOP_FIELDS.has(k));
  if (isObject(doc.options)) out.push(...Object.keys(doc.options).filter((k) => !OPTION_FIELDS.has(k)).map((k) => `options.${k}`));
  if (isObject(doc.filters)) {
    for (const [re, v] of Object.entries(doc.filters)) if (isObject(v)) out.push(...Object.keys(v).filter((k) => !FILTER_FIELDS.has(k)).map((k) => `filters["${re}"].${k}`));
  }
  return out;
}

export interface CheckedOwners {
  problem?: FileProblem;
  /** Reviewers and approvers as written, every filter included. */
  names: string[];
}

export function checkOwnersFile(filename: string, text: string, patch: string | undefined, bannedLabels: readonly string[], ownersName: string): CheckedOwners {
  let parsed;
  try {
    parsed = parseOwners(text, filename);
  } catch (e) {
    if (!(e instanceof OwnersFileError)) throw e;
    const line = /line (\d+)/.exec(e.message);
    const position = line ? addedLines(patch).get(Number(line[1])) ?? 1 : 1;
    return { problem: { position, message: `Cannot parse file: ${e.message}.` }, names: [] };
  }
  const unknown = unknownFields(text);
  if (unknown.length > 0) return { problem: { position: 1, message: `Unknown field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.` }, names: [] };
  const entries = parsed.entries.map((e) => e.entry);
  const labels = new Set(entries.flatMap((e) => e.labels));
  const banned = [...new Set(bannedLabels)].filter((l) => labels.has(l)).sort();
  if (banned.length > 0) return { problem: { position: 1, message: `File contains banned labels: [${banned.join(' ')}].` }, names: [] };
  const approvers = entries.flatMap((e) => e.approvers);
  if (path.posix.dirname(filename) === '.' && approvers.length === 0) {
    return { problem: { position: 1, message: `No approvers defined in this root directory ${ownersName} file.` }, names: [] };
  }
  return { names: [...entries.flatMap((e) => e.reviewers), ...approvers] };
}
