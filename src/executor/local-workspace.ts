// The local executor's on-disk layout: one workspace per ProwJob under <data-dir>/executor/local/<name>/, with
//   run.json   the job's entrypoint process and when it started (written once it runs),
//   done.json  how it ended (written when it finished),
//   logs/      the decoration logs dir (process-log.txt: the test's output as it runs; artifacts/),
//   go/        the source root clonerefs checks out into.
// The executor, deck (live logs) and sinker (orphaned workspaces) all find things through this module.
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { PROCESS_LOG_FILE } from './decoration.js';

export interface LocalWorkspacePaths {
  dir: string;
  runFile: string;
  doneFile: string;
  logsDir: string;
  srcRoot: string;
  processLog: string;
}

export interface RunFile {
  pid: number;
  started: string;
}

export interface DoneFile {
  state: 'success' | 'failure' | 'aborted' | 'error';
  description: string;
}

/** A workspace on disk, as sinker sees it. */
export interface LocalWorkload {
  /** The ProwJob's name (= the workspace's directory name). */
  name: string;
  createdAt: Date;
  startedAt?: Date;
  terminatedAt?: Date;
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Whether `name` can be a workspace directory (no separators, no dot-names). */
export function isWorkspaceName(name: string): boolean {
  return NAME_RE.test(name);
}

export function localExecutorRoot(dataDir: string): string {
  return path.join(dataDir, 'executor', 'local');
}

export function localWorkspacePaths(dataDir: string, name: string): LocalWorkspacePaths {
  if (!isWorkspaceName(name)) throw new Error(`invalid ProwJob name ${JSON.stringify(name)}`);
  const dir = path.join(localExecutorRoot(dataDir), name);
  const logsDir = path.join(dir, 'logs');
  return {
    dir,
    runFile: path.join(dir, 'run.json'),
    doneFile: path.join(dir, 'done.json'),
    logsDir,
    srcRoot: path.join(dir, 'go'),
    processLog: path.join(logsDir, PROCESS_LOG_FILE),
  };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A JSON file's content, or undefined when it is absent or unreadable (being written, or never was). */
export async function readJSON<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Every workspace under the data dir, with when it was made, started and finished. */
export async function listLocalWorkloads(dataDir: string): Promise<LocalWorkload[]> {
  const root = localExecutorRoot(dataDir);
  const entries = await readdir(root, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw e;
  });
  const out: LocalWorkload[] = [];
  for (const e of entries) {
    if (!e.isDirectory() || !isWorkspaceName(e.name)) continue;
    const p = localWorkspacePaths(dataDir, e.name);
    const dirStat = await stat(p.dir).catch(() => undefined);
    if (!dirStat) continue;
    const run = await readJSON<Partial<RunFile>>(p.runFile);
    const done = await stat(p.doneFile).catch(() => undefined);
    const started = run?.started ? new Date(run.started) : undefined;
    out.push({
      name: e.name,
      createdAt: dirStat.birthtimeMs > 0 ? dirStat.birthtime : dirStat.mtime,
      ...(started && !Number.isNaN(started.getTime()) ? { startedAt: started } : {}),
      ...(done ? { terminatedAt: done.mtime } : {}),
    });
  }
  return out;
}

/** How long removal waits for a stopped process to exit, so it does not write into a directory being removed. */
const EXIT_WAIT_MS = 2000;

/** Removes a workspace, first stopping (SIGTERM) its process if it still runs. */
export async function removeLocalWorkload(dataDir: string, name: string): Promise<void> {
  const p = localWorkspacePaths(dataDir, name);
  const run = await readJSON<Partial<RunFile>>(p.runFile);
  if (run?.pid && isAlive(run.pid)) {
    try {
      process.kill(run.pid, 'SIGTERM');
    } catch {
      // gone in between
    }
    for (const deadline = Date.now() + EXIT_WAIT_MS; isAlive(run.pid) && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  // A process still winding down may add a file while the tree is removed (ENOTEMPTY): retried.
  await rm(p.dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}
