// Parsing OWNERS and OWNERS_ALIASES files (upstream's repoowners formats). A broken file is an OwnersFileError
// naming the file and, for YAML errors, the line: the caller reports it and resolves the rest of the tree.
import { compileGoRegex } from '../config/goregex.js';
import { parseConfigYaml } from '../config/yaml.js';

export interface OwnersEntry {
  approvers: string[];
  reviewers: string[];
  required_reviewers: string[];
  labels: string[];
  emeritus_approvers: string[];
}

export interface OwnersFile {
  /** Parent directories' owners do not apply below this file. */
  noParentOwners: boolean;
  /** options.auto_approve_unowned_subfolders: files in subfolders without approvers of their own need no approval. */
  autoApproveUnownedSubfolders?: boolean;
  /** Entries that apply to files whose repository path matches the regex ('' = every file: the top-level lists). */
  entries: { regex: RegExp | undefined; source: string; entry: OwnersEntry }[];
}

export class OwnersFileError extends Error {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'OwnersFileError';
  }
}

const LIST_FIELDS = ['approvers', 'reviewers', 'required_reviewers', 'labels', 'emeritus_approvers'] as const;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function parseYaml(text: string, file: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = parseConfigYaml(text);
  } catch (e) {
    // js-yaml names the position as "(line:column)".
    const m = /\((\d+):(\d+)\)/.exec((e as Error).message);
    throw new OwnersFileError(file, `${m ? `line ${m[1]}: ` : ''}invalid YAML: ${(e as Error).message}`);
  }
  if (doc === null || doc === undefined) return {};
  if (!isObject(doc)) throw new OwnersFileError(file, 'must be a YAML mapping');
  return doc;
}

function stringList(v: unknown, file: string, field: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' && typeof x !== 'number')) throw new OwnersFileError(file, `${field} must be a list of names`);
  return v.map(String);
}

function entryOf(o: Record<string, unknown>, file: string, where: string): OwnersEntry {
  const e = {} as OwnersEntry;
  for (const f of LIST_FIELDS) e[f] = stringList(o[f], file, where ? `${where}.${f}` : f);
  return e;
}

export function parseOwners(text: string, file: string): OwnersFile {
  const doc = parseYaml(text, file);
  const options = doc.options;
  if (options !== undefined && !isObject(options)) throw new OwnersFileError(file, 'options must be a mapping');
  const noParentOwners = options?.no_parent_owners === true;
  const entries: OwnersFile['entries'] = [{ regex: undefined, source: '', entry: entryOf(doc, file, '') }];
  if (doc.filters !== undefined) {
    if (!isObject(doc.filters)) throw new OwnersFileError(file, 'filters must be a mapping of regex to owners');
    for (const [source, value] of Object.entries(doc.filters)) {
      if (!isObject(value)) throw new OwnersFileError(file, `filters["${source}"] must be a mapping`);
      let regex: RegExp;
      try {
        // Filters are Go regular expressions, as every regex in upstream's files.
        regex = compileGoRegex(source);
      } catch (e) {
        throw new OwnersFileError(file, `filters["${source}"]: invalid regex: ${(e as Error).message}`);
      }
      // As upstream: ".*" is the same as the top-level lists.
      entries.push({ regex: source === '.*' ? undefined : regex, source, entry: entryOf(value, file, `filters["${source}"]`) });
    }
  }
  return { noParentOwners, entries, ...(options?.auto_approve_unowned_subfolders === true ? { autoApproveUnownedSubfolders: true } : {}) };
}

/** OWNERS_ALIASES: alias → members (lower-cased). */
export function parseAliases(text: string, file: string): Map<string, string[]> {
  const doc = parseYaml(text, file);
  const aliases = doc.aliases ?? {};
  if (!isObject(aliases)) throw new OwnersFileError(file, 'aliases must be a mapping of alias to members');
  const out = new Map<string, string[]>();
  for (const [alias, members] of Object.entries(aliases)) out.set(alias.toLowerCase(), stringList(members, file, `aliases.${alias}`).map((m) => m.toLowerCase()));
  return out;
}

/**
 * A Markdown file's YAML front matter (`---` lines around it at the top) read as an OWNERS file that governs that
 * file alone (upstream's owners.mdyamlrepos); undefined when the file has none.
 */
export function parseMarkdownOwners(text: string, file: string): OwnersFile | undefined {
  const m = /^---\n([\s\S]*?)\n---(?:\n|$)/.exec(text);
  return m ? parseOwners(m[1]!, file) : undefined;
}
