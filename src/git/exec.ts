// The one way this project runs the git CLI: argument arrays (never a shell), a clean, non-interactive
// environment, and errors that carry git's own message.
import { execFile } from 'node:child_process';

export interface GitOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Milliseconds before git is killed (default 10 minutes: large clones take time). */
  timeoutMs?: number;
  /** Bytes of output kept (default 64 MiB). */
  maxBuffer?: number;
}

export interface GitResult {
  stdout: string;
  stderr: string;
}

export class GitError extends Error {
  constructor(readonly args: string[], readonly code: number | string | null, readonly stdout: string, readonly stderr: string) {
    super(`git ${args.join(' ')} failed (${code ?? 'killed'}): ${stderr.trim() || stdout.trim()}`);
    this.name = 'GitError';
  }
}

export function git(args: string[], opts: GitOptions = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd: opts.cwd,
        env: {
          ...process.env,
          ...opts.env,
          GIT_TERMINAL_PROMPT: '0',
          // A clone must never wait for a password or trust a prompt.
          GIT_ASKPASS: 'echo',
          LC_ALL: 'C',
        },
        timeout: opts.timeoutMs ?? 600_000,
        maxBuffer: opts.maxBuffer ?? 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (err, stdout, stderr) => {
        if (err) {
          const code = (err as NodeJS.ErrnoException & { code?: number | string }).code ?? null;
          reject(new GitError(args, code, stdout, stderr));
        } else {
          resolve({ stdout, stderr });
        }
      },
    );
  });
}

/** Identity for commits git makes on our behalf (merges in clonerefs and inrepoconfig, test fixtures). */
export const PROW_GIT_IDENTITY: NodeJS.ProcessEnv = {
  GIT_AUTHOR_NAME: 'prow',
  GIT_AUTHOR_EMAIL: 'prow@localhost',
  GIT_COMMITTER_NAME: 'prow',
  GIT_COMMITTER_EMAIL: 'prow@localhost',
};
