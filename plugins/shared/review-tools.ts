// What golint and buildifier share: finding the tool on PATH (absent is a normal state, reported clearly), writing a
// PR's changed files at its head into a scratch directory, running the tool with a time limit, and mapping a line
// of the new file to its position in the PR's diff (where GitHub takes review comments).
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ReposAPI } from '../../src/github/repos.js';

/** The tool's path on PATH, or undefined when it is not installed. */
export async function findTool(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, name);
    try {
      await access(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface ToolRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `tool` in `cwd` (60 s at most); a non-zero exit is a result, not an error. */
export function runTool(tool: string, args: string[], cwd: string): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { cwd, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') reject(err);
      else resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
    });
  });
}

/** Writes `files` as they are at `sha` under a new scratch directory; the caller removes it with `rm`. */
export async function filesAt(gh: ReposAPI, org: string, repo: string, sha: string, files: readonly string[]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'prow-review-'));
  try {
    for (const f of files) {
      const dest = path.resolve(dir, f);
      if (!dest.startsWith(dir + path.sep)) throw new Error(`refusing path ${f}`);
      const content = await gh.getFile(org, repo, f, sha);
      if (content === undefined) continue;
      await mkdir(path.dirname(dest), { recursive: true });
      await writeFile(dest, content);
    }
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return dir;
}

/** New-file line → position in the file's unified diff, for the lines the patch adds. */
export function addedLinePositions(patch: string | undefined): Map<number, number> {
  const out = new Map<number, number>();
  if (!patch) return out;
  let line = 0;
  let position = 0;
  for (const raw of patch.split('\n')) {
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(raw);
    if (hunk) {
      // The first hunk header is position 0; later ones count as lines of the diff.
      if (position > 0 || line > 0) position++;
      line = Number(hunk[1]);
      continue;
    }
    position++;
    if (raw.startsWith('+')) out.set(line++, position);
    else if (raw.startsWith('-')) continue;
    else line++;
  }
  return out;
}
