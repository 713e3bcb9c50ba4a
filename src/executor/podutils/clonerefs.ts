// clonerefs: clones every ref of a job into <src_root>/src/<path>, checks out the base at its SHA and merges
// each pull in order. Whatever happens, the records of what ran (and whether it failed) are written to the
// log file and the run itself succeeds: initupload decides what a failure means.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Refs } from '../../api/prowjob.js';
import { git, GitError, PROW_GIT_IDENTITY } from '../../git/exec.js';
import { registerSecret } from '../../runtime/logger.js';
import type { CloneRefsOptions } from './options.js';

export interface CloneCommand {
  command: string;
  output: string;
  error: string;
  /** Nanoseconds. */
  duration?: number;
}

/** Upstream's clone Record (prowjobs/v1). */
export interface CloneRecord {
  refs: Refs;
  commands: CloneCommand[];
  failed: boolean;
  final_sha?: string;
  duration?: number;
}

/** Where a ref is cloned: path_alias, or github.com/<org>/<repo>, under <base>/src. */
export function pathForRefs(baseDir: string, refs: Refs): string {
  return path.join(baseDir, 'src', refs.path_alias || `github.com/${refs.org}/${refs.repo}`);
}

export function cloneURI(refs: Refs, token?: string): string {
  if (refs.clone_uri) return refs.clone_uri;
  const base = refs.repo_link ? refs.repo_link.replace(/\/+$/, '') : `https://github.com/${refs.org}/${refs.repo}`;
  const uri = `${base}.git`;
  if (token && /^https:\/\//.test(uri)) return uri.replace(/^https:\/\//, `https://${encodeURIComponent(token)}:x-oauth-basic@`);
  return uri;
}

/** Clones one ref, recording every command. Never throws. */
export async function cloneRef(refs: Refs, opts: CloneRefsOptions, token?: string): Promise<CloneRecord> {
  const started = process.hrtime.bigint();
  const record: CloneRecord = { refs, commands: [], failed: false };
  const dir = pathForRefs(opts.src_root, refs);
  const uri = cloneURI(refs, token);
  const censor = (s: string): string => (token ? s.split(token).join('CENSORED').split(encodeURIComponent(token)).join('CENSORED') : s);
  const env: NodeJS.ProcessEnv = {
    ...PROW_GIT_IDENTITY,
    ...(opts.git_user_name ? { GIT_AUTHOR_NAME: opts.git_user_name, GIT_COMMITTER_NAME: opts.git_user_name } : {}),
    ...(opts.git_user_email ? { GIT_AUTHOR_EMAIL: opts.git_user_email, GIT_COMMITTER_EMAIL: opts.git_user_email } : {}),
    ...sshEnv(opts),
  };

  const run = async (args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<boolean> => {
    const t0 = process.hrtime.bigint();
    const cmd: CloneCommand = { command: censor(`git ${args.join(' ')}`), output: '', error: '' };
    try {
      const out = await git(args, { cwd: dir, env: { ...env, ...extraEnv } });
      cmd.output = censor(out.stdout + out.stderr);
    } catch (e) {
      const ge = e as GitError;
      cmd.output = censor((ge.stdout ?? '') + (ge.stderr ?? ''));
      cmd.error = censor(ge instanceof GitError ? `exit status ${String(ge.code)}` : (e as Error).message);
    }
    cmd.duration = Number(process.hrtime.bigint() - t0);
    record.commands.push(cmd);
    return cmd.error === '';
  };
  const depth = refs.clone_depth && refs.clone_depth > 0 ? ['--depth', String(refs.clone_depth)] : [];
  const filter = refs.blobless_fetch ? ['--filter=blob:none'] : [];

  const steps = async (): Promise<boolean> => {
    const t0 = process.hrtime.bigint();
    try {
      await mkdir(dir, { recursive: true });
      record.commands.push({ command: `mkdir -p ${dir}`, output: '', error: '', duration: Number(process.hrtime.bigint() - t0) });
    } catch (e) {
      record.commands.push({ command: `mkdir -p ${dir}`, output: '', error: (e as Error).message });
      return false;
    }
    if (!(await run(['init']))) return false;
    if (opts.git_user_name && !(await run(['config', 'user.name', opts.git_user_name]))) return false;
    if (opts.git_user_email && !(await run(['config', 'user.email', opts.git_user_email]))) return false;
    if (opts.cookie_path && !(await run(['config', 'http.cookiefile', opts.cookie_path]))) return false;
    if (!refs.skip_fetch_head && !(await run(['fetch', ...depth, ...filter, uri, '--tags', '--prune']))) return false;
    // The base SHA itself when known (as upstream), else the branch.
    const target = refs.base_sha || 'FETCH_HEAD';
    if (!(await run(['fetch', ...depth, ...filter, uri, refs.base_sha || refs.base_ref || 'HEAD']))) return false;
    if (!(await run(['checkout', target]))) return false;
    if (refs.base_ref && !(await run(['branch', '--force', refs.base_ref, target]))) return false;
    if (refs.base_ref && !(await run(['checkout', refs.base_ref]))) return false;
    // Merge commits get the base commit's time plus one second each, so the same refs give the same SHAs.
    let stamp = Number((await git(['show', '-s', '--format=format:%ct', 'HEAD'], { cwd: dir }).catch(() => ({ stdout: '0' }))).stdout.trim()) || 0;
    for (const pull of refs.pulls ?? []) {
      const ref = pull.ref || pull.sha || `pull/${pull.number}/head`;
      if (!(await run(['fetch', ...filter, uri, ref]))) return false;
      stamp++;
      const dates = stamp ? { GIT_AUTHOR_DATE: String(stamp), GIT_COMMITTER_DATE: String(stamp) } : {};
      if (!(await run(['merge', '--no-ff', pull.sha || 'FETCH_HEAD'], { ...dates, GIT_MERGE_AUTOEDIT: 'no' }))) {
        await git(['merge', '--abort'], { cwd: dir }).catch(() => undefined);
        return false;
      }
    }
    if (!refs.skip_submodules && !(await run(['submodule', 'update', '--init', '--recursive']))) return false;
    return true;
  };

  record.failed = !(await steps());
  if (!record.failed) {
    try {
      record.final_sha = (await git(['rev-parse', 'HEAD'], { cwd: dir })).stdout.trim();
    } catch {
      record.failed = true;
    }
  }
  record.duration = Number(process.hrtime.bigint() - started);
  return record;
}

function sshEnv(opts: CloneRefsOptions): NodeJS.ProcessEnv {
  if (!opts.key_files?.length) return {};
  const keys = opts.key_files.flatMap((k) => ['-i', k]);
  const hostCheck = opts.host_fingerprints?.length ? [] : ['-o', 'StrictHostKeyChecking=no'];
  return { GIT_SSH_COMMAND: ['ssh', ...keys, ...hostCheck, '-o', 'IdentitiesOnly=yes'].join(' ') };
}

/** Runs clonerefs: clones every ref and writes the records to opts.log. Returns the records. */
export async function cloneRefs(opts: CloneRefsOptions): Promise<CloneRecord[]> {
  let token: string | undefined;
  if (opts.oauth_token_file) {
    token = (await readFile(opts.oauth_token_file, 'utf8')).trim();
    registerSecret(token);
  }
  const records: CloneRecord[] = [];
  for (const refs of opts.refs) records.push(await cloneRef(refs, opts, token));
  await mkdir(path.dirname(opts.log), { recursive: true });
  await writeFile(opts.log, JSON.stringify(records, null, 2));
  return records;
}

/** Upstream's human-readable form of clone records (clone-log.txt). */
export function formatRecords(records: CloneRecord[]): string {
  return records.map(formatRecord).join('');
}

function formatRecord(r: CloneRecord): string {
  let out = r.failed ? '# FAILED!\n' : '';
  out += `# Cloning ${r.refs.org}/${r.refs.repo} at ${r.refs.base_ref ?? ''}`;
  if (r.refs.base_sha) out += `(${r.refs.base_sha})`;
  out += '\n';
  if (r.refs.pulls?.length) {
    out += '# Checking out pulls:\n';
    for (const p of r.refs.pulls) out += `#\t${p.number}${p.sha ? `(${p.sha})` : ''}\n`;
  }
  for (const c of r.commands) {
    out += `$ ${c.command}\n${c.output}`;
    if (c.error) out += `# Error: ${c.error}\n`;
  }
  return out;
}
