// The git side of a cherry-pick, with the real git CLI: clone the repository at the target branch, apply the PR's
// patch with `git am --3way` on a new branch, push that branch to the bot's fork. Credentials go in an HTTP header
// through git's environment (never in a URL, a remote or the process arguments).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { git, GitError } from '../../src/git/exec.js';

export interface GitIdentity {
  name: string;
  email: string;
}

/** `token X` / `bearer X` (the GitHub client's header) → the Basic header git over HTTPS takes. */
export function gitAuthHeader(apiAuthorization: string | undefined): string | undefined {
  const m = /^(?:token|bearer)\s+(\S+)$/i.exec(apiAuthorization ?? '');
  return m ? `Basic ${Buffer.from(`x-access-token:${m[1]}`).toString('base64')}` : undefined;
}

function envWith(authorization: string | undefined, who: GitIdentity): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    GIT_AUTHOR_NAME: who.name, GIT_AUTHOR_EMAIL: who.email, GIT_COMMITTER_NAME: who.name, GIT_COMMITTER_EMAIL: who.email,
  };
  if (authorization) Object.assign(env, { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.extraHeader', GIT_CONFIG_VALUE_0: `Authorization: ${authorization}` });
  return env;
}

/** The part of git's error worth showing: its own message, without our invocation. */
export function gitMessage(e: unknown): string {
  if (e instanceof GitError) {
    const out = [e.stdout.trim(), e.stderr.trim()].filter((s) => s !== '').join('\n');
    return (out || e.message).replace(/^The copy of the patch that failed is found in: \S+\n?/m, '').trim();
  }
  return e instanceof Error ? e.message : String(e);
}

export class CheckoutError extends Error {}
export class ApplyError extends Error {}
export class PushError extends Error {}

export interface PickOptions {
  workDir: string;
  cloneUrl: string;
  /** `org/repo`, for messages. */
  repoName: string;
  forkUrl: string;
  target: string;
  newBranch: string;
  patch: string;
  authorization: string | undefined;
  identity: GitIdentity;
  /** --dry-run: everything but the push. */
  dryRun: boolean;
}

/** Clones, applies and pushes; throws CheckoutError, ApplyError or PushError with git's message. */
export async function pickOnto(o: PickOptions): Promise<void> {
  const dir = await mkdtemp(path.join(o.workDir, 'pick-'));
  const env = envWith(o.authorization, o.identity);
  try {
    const repo = path.join(dir, 'repo');
    try {
      await git(['clone', '--quiet', '--no-tags', '--single-branch', '--branch', o.target, o.cloneUrl, repo], { env });
    } catch (e) {
      const msg = gitMessage(e);
      if (/Remote branch \S+ not found/.test(msg)) throw new CheckoutError(`there is no branch \`${o.target}\` in ${o.repoName}`);
      throw new CheckoutError(`error checking out "${o.target}": ${msg}`);
    }
    await git(['checkout', '--quiet', '-b', o.newBranch], { cwd: repo, env });
    const patchFile = path.join(dir, 'pr.patch');
    await writeFile(patchFile, o.patch);
    try {
      await git(['am', '--3way', patchFile], { cwd: repo, env });
    } catch (e) {
      await git(['am', '--abort'], { cwd: repo, env }).catch(() => undefined);
      throw new ApplyError(gitMessage(e));
    }
    if (o.dryRun) return;
    try {
      await git(['push', '--quiet', '--force', o.forkUrl, `HEAD:refs/heads/${o.newBranch}`], { cwd: repo, env });
    } catch (e) {
      throw new PushError(gitMessage(e));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
