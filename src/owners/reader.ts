// Reads a repository's OWNERS and OWNERS_ALIASES at a commit through git (a bare cache clone, nothing checked out),
// and caches the result by SHA: a commit's owners never change. Settings from plugins.yaml's `owners` section
// (custom file names, labels_denylist, skip_collaborators, mdyamlrepos) and config.yaml's owners_dir_denylist apply.
import path from 'node:path';
import { LRUCache } from 'lru-cache';
import type { Config, PluginsConfig } from '../config/types.js';
import { RepoLocks } from '../git/repo-locks.js';
import { ensureBareRepo, fetchCommits, listTree, readBlob } from '../git/objects.js';
import { OwnersFileError, parseAliases, parseMarkdownOwners, parseOwners, type OwnersFile } from './parse.js';
import { RepoOwners } from './repo-owners.js';

export interface OwnersReaderOptions {
  /** Where bare cache clones live. */
  cacheDir: string;
  cloneURI: (org: string, repo: string) => string;
  /** Commits whose owners are kept (default 200). */
  cacheSize?: number;
}

/** Upstream's preconfigured owners_dir_denylist (unless ignore_preconfigured_defaults). */
export const DEFAULT_OWNERS_DIR_DENYLIST = ['\\.git$', '_output$', 'vendor/.*/.*'];

/** The OWNERS file names for a repo: owners.filenames for org/repo, else for the org, else upstream's. */
export function ownersFilenames(pc: PluginsConfig, org: string, repo: string): { owners: string; aliases: string } {
  const f = pc.owners?.filenames?.[`${org}/${repo}`] ?? pc.owners?.filenames?.[org];
  return { owners: f?.owners || 'OWNERS', aliases: f?.owners_aliases || 'OWNERS_ALIASES' };
}

/** Directory regexes whose OWNERS files are ignored for a repo. */
export function ownersDirDenylist(config: Config, org: string, repo: string): RegExp[] {
  const d = config.owners_dir_denylist;
  const res = [
    ...(d?.ignore_preconfigured_defaults ? [] : DEFAULT_OWNERS_DIR_DENYLIST),
    ...(d?.default ?? []),
    ...(d?.repos?.[org] ?? []),
    ...(d?.repos?.[`${org}/${repo}`] ?? []),
  ];
  return res.map((r) => new RegExp(r));
}

export class OwnersReader {
  private readonly cache: LRUCache<string, Promise<RepoOwners>>;
  private readonly repoLocks = new RepoLocks();

  constructor(private readonly opts: OwnersReaderOptions) {
    this.cache = new LRUCache({ max: opts.cacheSize ?? 200 });
  }

  /** The owners of org/repo at `sha`. Broken OWNERS files are in `.errors`; only git failures throw. */
  ownersAt(config: Config, pc: PluginsConfig, org: string, repo: string, sha: string): Promise<RepoOwners> {
    const names = ownersFilenames(pc, org, repo);
    const deny = ownersDirDenylist(config, org, repo);
    const labelsDenylist = pc.owners?.labels_denylist ?? [];
    const skipCollaborators = (pc.owners?.skip_collaborators ?? []).some((r) => r === org || r === `${org}/${repo}`);
    const markdown = (pc.owners?.mdyamlrepos ?? []).some((r) => r === org || r === `${org}/${repo}`);
    const key = JSON.stringify([org, repo, sha, names, deny.map(String), labelsDenylist, skipCollaborators, markdown]);
    let p = this.cache.get(key);
    if (!p) {
      p = this.repoLocks.run(`${org}/${repo}`, () => this.read(org, repo, sha, names, deny, markdown)).then(({ files, aliases, errors }) =>
        new RepoOwners(files, aliases, errors, { labelsDenylist, skipCollaborators }));
      this.cache.set(key, p);
      p.catch(() => this.cache.delete(key));
    }
    return p;
  }

  private async read(org: string, repo: string, sha: string, names: { owners: string; aliases: string }, deny: RegExp[], markdown: boolean) {
    const dir = path.join(this.opts.cacheDir, org, `${repo}.git`);
    await ensureBareRepo(dir);
    await fetchCommits(dir, this.opts.cloneURI(org, repo), [sha]);
    const entries = (await listTree(dir, sha, [])).filter((e) => e.type === 'blob');
    const errors: OwnersFileError[] = [];
    const files = new Map<string, OwnersFile>();
    let aliases = new Map<string, string[]>();
    const aliasesEntry = entries.find((e) => e.path === names.aliases);
    if (aliasesEntry) {
      try {
        aliases = parseAliases(await readBlob(dir, aliasesEntry.oid), names.aliases);
      } catch (e) {
        if (!(e instanceof OwnersFileError)) throw e;
        errors.push(e);
      }
    }
    for (const e of entries) {
      const isOwners = path.posix.basename(e.path) === names.owners;
      // In owners.mdyamlrepos, a Markdown file's front matter names the owners of that file (keyed by its path).
      const isMarkdown = markdown && e.path.endsWith('.md');
      if (!isOwners && !isMarkdown) continue;
      const ownersDir = path.posix.dirname(e.path) === '.' ? '' : path.posix.dirname(e.path);
      if (ownersDir !== '' && deny.some((r) => r.test(ownersDir))) continue;
      try {
        const text = await readBlob(dir, e.oid);
        if (isOwners) files.set(ownersDir, parseOwners(text, e.path));
        else {
          const front = parseMarkdownOwners(text, e.path);
          if (front) files.set(e.path, front);
        }
      } catch (err) {
        if (!(err instanceof OwnersFileError)) throw err;
        errors.push(err);
      }
    }
    return { files, aliases, errors };
  }
}
