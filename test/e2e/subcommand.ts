// Runs a `prow <subcommand>` of the built binary to completion and returns its exit code and output.
import { execFile } from 'node:child_process';
import { REPO_ROOT, requireBinary } from './binary.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runProw(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [requireBinary(), ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The github flags pointing at a fake GitHub with the token in `tokenFile`. */
export function githubArgs(gh: { url: string; graphqlUrl: string }, tokenFile: string): string[] {
  return [`--github-endpoint=${gh.url}`, `--github-graphql-endpoint=${gh.graphqlUrl}`, `--github-token-path=${tokenFile}`];
}
