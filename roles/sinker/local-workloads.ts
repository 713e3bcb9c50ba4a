// The all-in-one counterpart of Pods for sinker: the local executor's job workspaces under
// <data-dir>/executor/local/<prowjob name>/ (run.json: the process and its start; done.json: it ended). Removing
// one stops a process still running (an orphan's) and deletes the workspace.
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { JobWorkload } from './plan.js';
import type { WorkloadSource } from './sinker.js';

/** The local executor's workspace root (src/executor/local.ts keeps its workspaces here). */
export function localWorkspaceRoot(dataDir: string): string {
  return path.join(dataDir, 'executor', 'local');
}

interface RunFile { pid?: number; started?: string }

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class LocalWorkloads implements WorkloadSource {
  constructor(private readonly root: string, private readonly cluster = 'default') {}

  async list(): Promise<JobWorkload[]> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return [];
      throw e;
    });
    const out: JobWorkload[] = [];
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      const dir = path.join(this.root, e.name);
      const dirStat = await stat(dir).catch(() => undefined);
      if (!dirStat) continue;
      const run = await readJson(path.join(dir, 'run.json'));
      const done = await stat(path.join(dir, 'done.json')).catch(() => undefined);
      const started = run?.started ? new Date(run.started) : undefined;
      out.push({
        name: e.name,
        cluster: this.cluster,
        prowJobName: e.name,
        createdAt: dirStat.birthtimeMs > 0 ? dirStat.birthtime : dirStat.mtime,
        ...(started && !Number.isNaN(started.getTime()) ? { startedAt: started } : {}),
        ...(done ? { terminatedAt: done.mtime } : {}),
      });
    }
    return out;
  }

  async remove(w: JobWorkload): Promise<void> {
    const dir = path.join(this.root, w.name);
    const run = await readJson(path.join(dir, 'run.json'));
    if (run?.pid && alive(run.pid)) {
      try {
        process.kill(run.pid, 'SIGTERM');
      } catch {
        // gone in between
      }
    }
    await rm(dir, { recursive: true, force: true });
  }
}

async function readJson(file: string): Promise<RunFile | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as RunFile;
  } catch {
    return undefined;
  }
}
