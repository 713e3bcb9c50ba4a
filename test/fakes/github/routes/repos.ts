// Repositories, branches and refs, commits, contents and branch protection, all read from the real bare repos.
import type express from 'express';
import { GitHubError, notFound, validationFailed } from '../model.js';
import { body, param, queryString, requireViewer, sendPage, str } from '../http-helpers.js';
import { repoOf, type RouteContext } from './context.js';
import type { RepoRec } from '../model.js';
import { protectionReadShape, validateProtection } from './protection.js';

export function repoRoutes(app: express.Express, ctx: RouteContext): void {
  const { state, shapes, urls } = ctx;

  app.get('/repos/:owner/:repo', (req, res) => {
    const repo = repoOf(ctx, req);
    const viewer = res.locals.viewer as string | undefined;
    res.json(viewer ? shapes.repoFor(repo, viewer) : shapes.repo(repo));
  });

  const branchJson = async (repo: RepoRec, name: string, sha: string): Promise<Record<string, unknown>> => {
    const info = await repo.git.commitInfo(sha);
    return {
      name,
      commit: info ? shapes.commit(repo, info) : { sha, url: `${urls.api}/repos/${repo.owner}/${repo.name}/commits/${sha}` },
      protected: repo.protection.has(name),
      _links: { self: `${urls.api}/repos/${repo.owner}/${repo.name}/branches/${name}`, html: `${urls.html}/${repo.owner}/${repo.name}/tree/${name}` },
    };
  };

  app.get('/repos/:owner/:repo/branches', async (req, res) => {
    const repo = repoOf(ctx, req);
    const protectedOnly = queryString(req, 'protected');
    const refs = (await repo.git.listRefs('refs/heads/'))
      .map(({ ref, sha }) => ({ name: ref.slice('refs/heads/'.length), sha }))
      .filter((b) => protectedOnly === undefined || repo.protection.has(b.name) === (protectedOnly === 'true'));
    sendPage(
      req,
      res,
      urls.api,
      refs.map((b) => ({ name: b.name, commit: { sha: b.sha, url: `${urls.api}/repos/${repo.owner}/${repo.name}/commits/${b.sha}` }, protected: repo.protection.has(b.name) })),
    );
  });

  app.get('/repos/:owner/:repo/branches/:branch', async (req, res) => {
    const repo = repoOf(ctx, req);
    const sha = await repo.git.resolve(`refs/heads/${param(req, 'branch')}`);
    if (!sha) throw new GitHubError(404, 'Branch not found');
    res.json(await branchJson(repo, param(req, 'branch'), sha));
  });

  app.get('/repos/:owner/:repo/branches/:branch/protection', (req, res) => {
    const repo = repoOf(ctx, req);
    const p = repo.protection.get(param(req, 'branch'));
    if (!p) throw new GitHubError(404, 'Branch not protected');
    res.json(protectionReadShape(`${urls.api}/repos/${repo.owner}/${repo.name}/branches/${param(req, 'branch')}/protection`, p));
  });

  app.put('/repos/:owner/:repo/branches/:branch/protection', async (req, res) => {
    const repo = repoOf(ctx, req);
    requireViewer(res);
    if (!(await repo.git.resolve(`refs/heads/${param(req, 'branch')}`))) throw new GitHubError(404, 'Branch not found');
    const b = body(req);
    for (const f of ['required_status_checks', 'enforce_admins', 'required_pull_request_reviews', 'restrictions']) {
      if (!(f in b)) throw new GitHubError(422, `Invalid request.\n\n"${f}" wasn't supplied.`);
    }
    validateProtection(state, repo, b);
    repo.protection.set(param(req, 'branch'), b);
    res.json({ url: `${urls.api}/repos/${repo.owner}/${repo.name}/branches/${param(req, 'branch')}/protection`, ...b });
  });

  app.delete('/repos/:owner/:repo/branches/:branch/protection', (req, res) => {
    const repo = repoOf(ctx, req);
    requireViewer(res);
    if (!repo.protection.delete(param(req, 'branch'))) throw new GitHubError(404, 'Branch not protected');
    res.status(204).end();
  });

  const refJson = (repo: RepoRec, ref: string, sha: string): Record<string, unknown> => ({
    ref,
    node_id: Buffer.from(`Ref:${ref}`).toString('base64'),
    url: `${urls.api}/repos/${repo.owner}/${repo.name}/git/${ref}`,
    object: { type: 'commit', sha, url: `${urls.api}/repos/${repo.owner}/${repo.name}/git/commits/${sha}` },
  });

  app.get('/repos/:owner/:repo/git/ref/*ref', async (req, res) => {
    const repo = repoOf(ctx, req);
    const ref = `refs/${param(req, 'ref')}`;
    const sha = await repo.git.resolve(ref);
    if (!sha) throw notFound();
    res.json(refJson(repo, ref, sha));
  });

  app.get('/repos/:owner/:repo/git/matching-refs/*ref', async (req, res) => {
    const repo = repoOf(ctx, req);
    const prefix = `refs/${param(req, 'ref')}`;
    const refs = (await repo.git.listRefs('refs/')).filter((r) => r.ref.startsWith(prefix));
    res.json(refs.map((r) => refJson(repo, r.ref, r.sha)));
  });

  app.post('/repos/:owner/:repo/git/refs', async (req, res) => {
    const repo = repoOf(ctx, req);
    const actor = requireViewer(res);
    const b = body(req);
    const ref = str(b, 'ref', 'Reference', true) ?? '';
    const sha = str(b, 'sha', 'Reference', true) ?? '';
    if (!ref.startsWith('refs/') || ref.split('/').length < 3) throw new GitHubError(422, 'Reference name must start with \'refs/\' and have at least two slashes.');
    if (await repo.git.resolve(ref)) throw new GitHubError(422, 'Reference already exists');
    if (!(await repo.git.resolve(sha))) throw new GitHubError(422, 'Object does not exist');
    await repo.git.updateRef(ref, sha);
    if (ref.startsWith('refs/heads/')) state.emit({ event: 'push', repo, ref, before: '0'.repeat(40), after: sha, actor });
    res.status(201).json(refJson(repo, ref, sha));
  });

  app.patch('/repos/:owner/:repo/git/refs/*ref', async (req, res) => {
    const repo = repoOf(ctx, req);
    const actor = requireViewer(res);
    const ref = `refs/${param(req, 'ref')}`;
    const before = await repo.git.resolve(ref);
    if (!before) throw new GitHubError(422, 'Reference does not exist');
    const sha = str(body(req), 'sha', 'Reference', true) ?? '';
    if (!(await repo.git.resolve(sha))) throw new GitHubError(422, 'Object does not exist');
    const force = body(req).force === true;
    if (!force && (await repo.git.mergeBase(before, sha)) !== before) throw new GitHubError(422, 'Update is not a fast forward');
    await repo.git.updateRef(ref, sha);
    if (ref.startsWith('refs/heads/')) state.emit({ event: 'push', repo, ref, before, after: sha, actor });
    res.json(refJson(repo, ref, sha));
  });

  app.delete('/repos/:owner/:repo/git/refs/*ref', async (req, res) => {
    const repo = repoOf(ctx, req);
    const actor = requireViewer(res);
    const ref = `refs/${param(req, 'ref')}`;
    const before = await repo.git.resolve(ref);
    if (!before) throw new GitHubError(422, 'Reference does not exist');
    await repo.git.deleteRef(ref);
    if (ref.startsWith('refs/heads/')) state.emit({ event: 'push', repo, ref, before, after: '0'.repeat(40), actor });
    res.status(204).end();
  });

  app.get('/repos/:owner/:repo/commits', async (req, res) => {
    const repo = repoOf(ctx, req);
    const head = await repo.git.resolve(queryString(req, 'sha') ?? `refs/heads/${repo.defaultBranch}`);
    if (!head) throw notFound();
    const out = (await repo.git.run(['rev-list', '--max-count=1000', head])).stdout.split('\n').filter(Boolean);
    const infos = [];
    for (const sha of out) {
      const info = await repo.git.commitInfo(sha);
      if (info) infos.push(shapes.commit(repo, info));
    }
    sendPage(req, res, urls.api, infos);
  });

  app.get('/repos/:owner/:repo/commits/:ref', async (req, res) => {
    const repo = repoOf(ctx, req);
    const sha = await state.commitSha(repo, param(req, 'ref'));
    const info = await repo.git.commitInfo(sha);
    if (!info) throw notFound();
    const files = info.parents.length ? await repo.git.changedFiles(info.parents[0], sha) : [];
    const additions = files.reduce((n, f) => n + f.additions, 0);
    const deletions = files.reduce((n, f) => n + f.deletions, 0);
    res.json({ ...shapes.commit(repo, info), stats: { total: additions + deletions, additions, deletions }, files: files.map((f) => ({ sha: null, ...f })) });
  });

  app.get('/repos/:owner/:repo/compare/:basehead', async (req, res) => {
    const repo = repoOf(ctx, req);
    const [base, head] = param(req, 'basehead').split('...');
    if (!head) throw notFound();
    const baseSha = await state.commitSha(repo, base);
    const headSha = await state.commitSha(repo, head);
    const mergeBase = await repo.git.mergeBase(baseSha, headSha);
    const ahead = await repo.git.commitsBetween(baseSha, headSha);
    const behind = await repo.git.commitsBetween(headSha, baseSha);
    const files = await repo.git.changedFiles(baseSha, headSha);
    res.json({
      url: `${urls.api}/repos/${repo.owner}/${repo.name}/compare/${param(req, 'basehead')}`,
      status: ahead.length && behind.length ? 'diverged' : ahead.length ? 'ahead' : behind.length ? 'behind' : 'identical',
      ahead_by: ahead.length,
      behind_by: behind.length,
      total_commits: ahead.length,
      merge_base_commit: mergeBase ? { sha: mergeBase } : null,
      commits: ahead.map((c) => shapes.commit(repo, c)),
      files,
    });
  });

  const contents = async (req: express.Request, res: express.Response): Promise<void> => {
    const repo = repoOf(ctx, req);
    const file = (param(req, 'path') ?? '').replace(/^\/+|\/+$/g, '');
    const ref = queryString(req, 'ref') ?? repo.defaultBranch;
    const sha = await repo.git.resolve(ref);
    if (!sha) throw new GitHubError(404, `No commit found for the ref ${ref}`);
    const api = `${urls.api}/repos/${repo.owner}/${repo.name}/contents`;
    const entry = (p: string, name: string, type: string, objSha: string, size: number): Record<string, unknown> => ({
      type,
      size,
      name,
      path: p,
      sha: objSha,
      url: `${api}/${p}?ref=${encodeURIComponent(ref)}`,
      git_url: `${urls.api}/repos/${repo.owner}/${repo.name}/git/${type === 'dir' ? 'trees' : 'blobs'}/${objSha}`,
      html_url: `${urls.html}/${repo.owner}/${repo.name}/${type === 'dir' ? 'tree' : 'blob'}/${ref}/${p}`,
      download_url: type === 'dir' ? null : `${urls.html}/${repo.owner}/${repo.name}/raw/${ref}/${p}`,
    });
    const dir = await repo.git.listDir(sha, file);
    if (dir) {
      res.json(dir.map((d) => entry(d.path, d.name, d.type, d.sha, d.size)));
      return;
    }
    const content = await repo.git.readFile(sha, file);
    if (content === null) throw notFound();
    const blob = (await repo.git.blobSha(sha, file)) ?? '';
    res.json({ ...entry(file, file.split('/').pop() ?? file, 'file', blob, content.length), encoding: 'base64', content: content.toString('base64') });
  };
  app.get('/repos/:owner/:repo/contents', contents);
  app.get('/repos/:owner/:repo/contents/*path', contents);

  app.patch('/repos/:owner/:repo', (req, res) => {
    requireViewer(res);
    const repo = repoOf(ctx, req);
    const b = body(req);
    if (repo.archived && b.archived !== true) throw new GitHubError(403, 'Repository was archived so is read-only.');
    if (b.archived === false && repo.archived) throw validationFailed('Repository', 'archived', 'invalid');
    const newName = str(b, 'name', 'Repository');
    if (newName !== undefined && newName !== repo.name) state.renameRepo(repo, newName);
    if (typeof b.private === 'boolean') repo.private = b.private;
    if (b.archived === true) repo.archived = true;
    if (b.description !== undefined) repo.description = str(b, 'description', 'Repository') ?? null;
    const defaultBranch = str(b, 'default_branch', 'Repository');
    if (defaultBranch !== undefined) repo.defaultBranch = defaultBranch;
    repo.settings = { ...repo.settings, ...repoSettingsFrom(b) };
    res.json(shapes.repo(repo));
  });

  app.post('/orgs/:org/repos', async (req, res) => {
    requireViewer(res);
    const b = body(req);
    const name = str(b, 'name', 'Repository', true) ?? '';
    if (!/^[A-Za-z0-9._-]+$/.test(name)) throw validationFailed('Repository', 'name', 'invalid');
    const repo = await state.createRepo(param(req, 'org'), name, { private: b.private === true, description: str(b, 'description', 'Repository') });
    repo.settings = repoSettingsFrom(b);
    res.status(201).json(shapes.repo(repo));
  });

  // Forks into the viewer's account (202 Accepted, as GitHub: the fork exists at once here).
  app.post('/repos/:owner/:repo/forks', async (req, res) => {
    const parent = repoOf(ctx, req);
    const fork = await state.forkRepo(parent, requireViewer(res));
    res.status(202).json(shapes.repo(fork));
  });
}

const REPO_SETTINGS = ['homepage', 'has_issues', 'has_projects', 'has_wiki', 'allow_squash_merge', 'allow_merge_commit', 'allow_rebase_merge', 'squash_merge_commit_title', 'squash_merge_commit_message'];

/** The repository settings a create or update request sets (the rest of the repository record has its own fields). */
function repoSettingsFrom(b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of REPO_SETTINGS) if (b[k] !== undefined) out[k] = b[k];
  return out;
}
