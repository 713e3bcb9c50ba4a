// A repository's owners at one commit, as upstream's repoowners.RepoOwners answers them: per file, the approvers
// and reviewers of every OWNERS file up the tree (until one says no_parent_owners), the leaf (closest) ones, the
// required reviewers and labels; per set of files, the approvers each file's closest approvers file names, which is
// what the approval algorithm needs. Logins are lower-cased and aliases expanded.
import path from 'node:path';
import type { OwnersEntry, OwnersFile, OwnersFileError } from './parse.js';

type Field = keyof OwnersEntry;

export interface RepoOwnersOptions {
  /** Labels no OWNERS file may apply (plugins.yaml owners.labels_denylist). */
  labelsDenylist?: readonly string[];
  /** The repo is in owners.skip_collaborators: owners are not filtered by repo collaborators. */
  skipCollaborators?: boolean;
}

/** The directory an OWNERS file governs: '' for the root. */
function dirOf(p: string): string {
  const d = path.posix.dirname(p);
  return d === '.' ? '' : d;
}

export class RepoOwners {
  /** Broken OWNERS files, each skipped (the rest of the tree still resolves). */
  readonly errors: readonly OwnersFileError[];
  readonly skipCollaborators: boolean;
  private readonly files: Map<string, OwnersFile>;
  private readonly aliases: Map<string, string[]>;
  private readonly denied: Set<string>;
  /** Per-directory answers (see memo); the owners of one commit never change. */
  private readonly byDir = new Map<string, unknown>();
  private readonly noFilters = new Map<string, boolean>();

  /** `files`: directory ('' for the root) → its parsed OWNERS file; a Markdown file's path → its front matter. */
  constructor(files: Map<string, OwnersFile>, aliases: Map<string, string[]>, errors: OwnersFileError[], opts: RepoOwnersOptions = {}) {
    this.files = files;
    this.aliases = aliases;
    this.errors = errors;
    this.denied = new Set((opts.labelsDenylist ?? []).map((l) => l.toLowerCase()));
    this.skipCollaborators = opts.skipCollaborators ?? false;
  }

  /**
   * The owners that govern `file`: its own front matter (a Markdown file in owners.mdyamlrepos), then directories with
   * an OWNERS file from the file's directory up to the root, stopping after a no_parent_owners one.
   */
  private chain(file: string): string[] {
    const out: string[] = [];
    const own = this.files.get(file);
    if (own) {
      out.push(file);
      if (own.noParentOwners) return out;
    }
    let dir = dirOf(file);
    for (;;) {
      const f = this.files.get(dir);
      if (f) {
        out.push(dir);
        if (f.noParentOwners) break;
      }
      if (dir === '') break;
      dir = dirOf(dir);
    }
    return out;
  }

  private expand(names: readonly string[]): string[] {
    return names.flatMap((n) => this.aliases.get(n.toLowerCase()) ?? [n.toLowerCase()]);
  }

  /** The names one OWNERS file gives `field` for `file` (its top-level list and every filter matching the path). */
  private namesIn(dir: string, field: Field, file: string): string[] {
    const f = this.files.get(dir);
    if (!f) return [];
    return f.entries.filter((e) => !e.regex || e.regex.test(file)).flatMap((e) => e.entry[field]);
  }

  private union(file: string, field: Field): Set<string> {
    return this.memo('union', field, file, () => new Set(this.chain(file).flatMap((d) => this.expand(this.namesIn(d, field, file)))));
  }

  /**
   * Answers that depend only on the file's directory (no filter regex and no front matter on its chain) are kept
   * per directory: a PR's files share few directories, and a 500-file PR asks about every file several times.
   */
  private memo<T>(kind: string, field: Field, file: string, compute: () => T): T {
    const dir = dirOf(file);
    if (this.files.has(file) || !this.filterFree(dir)) return compute();
    const key = `${kind}\0${field}\0${dir}`;
    if (this.byDir.has(key)) return this.byDir.get(key) as T;
    const v = compute();
    this.byDir.set(key, v);
    return v;
  }

  /** No OWNERS file from `dir` up (as far as the chain climbs) has filters. */
  private filterFree(dir: string): boolean {
    let known = this.noFilters.get(dir);
    if (known === undefined) {
      const f = this.files.get(dir);
      const here = !f || f.entries.every((e) => e.regex === undefined);
      known = here && (dir === '' || f?.noParentOwners === true || this.filterFree(dirOf(dir)));
      this.noFilters.set(dir, known);
    }
    return known;
  }

  /** The closest OWNERS file (up the tree) that names someone for `field`: its directory and names. */
  private leaf(file: string, field: Field): { dir: string; names: Set<string> } | undefined {
    return this.memo('leaf', field, file, () => {
      for (const d of this.chain(file)) {
        const names = this.expand(this.namesIn(d, field, file));
        if (names.length > 0) return { dir: d, names: new Set(names) };
      }
      return undefined;
    });
  }

  /** Everyone who may approve `file`. */
  approvers(file: string): Set<string> {
    return new Set(this.union(file, 'approvers'));
  }

  /** The approvers of the closest OWNERS file with approvers. */
  leafApprovers(file: string): Set<string> {
    return new Set(this.leaf(file, 'approvers')?.names);
  }

  /** The directory of the closest OWNERS file with approvers ('' = root); undefined when nobody may approve. */
  approverOwnersDir(file: string): string | undefined {
    return this.leaf(file, 'approvers')?.dir;
  }

  reviewers(file: string): Set<string> {
    return new Set(this.union(file, 'reviewers'));
  }

  leafReviewers(file: string): Set<string> {
    return new Set(this.leaf(file, 'reviewers')?.names);
  }

  requiredReviewers(file: string): Set<string> {
    return new Set(this.union(file, 'required_reviewers'));
  }

  emeritusApprovers(file: string): Set<string> {
    return new Set(this.union(file, 'emeritus_approvers'));
  }

  /** Labels every OWNERS file up the tree applies to `file`, less owners.labels_denylist. */
  labels(file: string): Set<string> {
    const out = new Set<string>();
    for (const d of this.chain(file)) for (const l of this.namesIn(d, 'labels', file)) if (!this.denied.has(l.toLowerCase())) out.add(l);
    return out;
  }

  /**
   * For a set of changed files: each OWNERS directory whose approvers govern some of them (the closest file with
   * approvers per changed file) → those approvers. A PR is approved when every directory has an approval.
   */
  approversForFiles(files: readonly string[]): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const f of files) {
      const leaf = this.leaf(f, 'approvers');
      if (leaf && !out.has(leaf.dir)) out.set(leaf.dir, new Set(leaf.names));
    }
    return out;
  }

  /** Whether the OWNERS file of directory `dir` ('' = root) says no_parent_owners. */
  isNoParentOwners(dir: string): boolean {
    return this.files.get(dir)?.noParentOwners ?? false;
  }

  /** Whether the OWNERS file of directory `dir` says auto_approve_unowned_subfolders. */
  isAutoApproveUnownedSubfolders(dir: string): boolean {
    return this.files.get(dir)?.autoApproveUnownedSubfolders ?? false;
  }

  /** Whether `login` may approve `file` (case-insensitive). */
  isApprover(login: string, file: string): boolean {
    return this.union(file, 'approvers').has(login.toLowerCase());
  }
}
