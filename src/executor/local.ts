// The local executor (all-in-one default): each job runs as host processes in a fresh workspace under the data
// dir, through the pod utilities: clonerefs, initupload, the entrypoint wrapping the test container's command
// (a detached process, so a job outlives a controller restart and still writes its exit marker), and the
// sidecar's uploads. What a job did is kept in its workspace (run.json, done.json), which is how a restarted
// controller re-adopts running jobs without running anything twice. The layout lives in local-workspace.ts.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { V1Container } from '@kubernetes/client-node';
import type { ProwJob } from '../api/prowjob.js';
import type { Logger } from '../runtime/logger.js';
import type { StorageClients } from '../storage/open.js';
import {
  ARTIFACTS_SUBDIR,
  cloneRefsOptions,
  entrypointOptions,
  initUploadOptions,
  isDecorated,
  sidecarOptions,
  workDir,
  type DecorationPaths,
} from './decoration.js';
import { jobEnv, podJobSpec } from './jobenv.js';
import { isAlive, isWorkspaceName, localWorkspacePaths, readJSON, type DoneFile, type LocalWorkspacePaths, type RunFile } from './local-workspace.js';
import { cloneRefs } from './podutils/clonerefs.js';
import { ABORTED_ERROR_CODE, writeAtomically } from './podutils/entrypoint.js';
import { initUpload } from './podutils/initupload.js';
import { ENTRYPOINT_OPTIONS_ENV } from './podutils/options.js';
import { readMarker, runSidecar } from './podutils/sidecar.js';
import { JobStartError, type JobExecutor, type Observation, type StartResult } from './types.js';

export interface LocalExecutorOptions {
  dataDir: string;
  storage: StorageClients;
  logger: Logger;
  /** How to start the entrypoint; default: this Node running podutils/entrypoint-main.js. */
  entrypointCommand?: string[];
  /** How often an adopted job's marker file is checked (ms). */
  pollMs?: number;
}

interface Handle {
  abort: AbortController;
  pid?: number;
  running: boolean;
  since: Date;
  done: Promise<void>;
}

/** Variables of the host passed on to jobs; everything else (tokens in the controller's env) stays out. */
const HOST_ENV = ['PATH', 'HOME', 'USER', 'LANG', 'LC_ALL', 'TMPDIR', 'TZ', 'SHELL'];

/** Upstream's default pod_running_timeout, as the entrypoint timeout of undecorated jobs. */
const UNDECORATED_TIMEOUT_NS = 48 * 3_600_000 * 1_000_000;

export function locateEntrypointScript(): string {
  const here = fileURLToPath(new URL('./podutils/entrypoint-main.js', import.meta.url));
  if (existsSync(here)) return here;
  // Running from sources (tests): use the built copy.
  const built = here.replace(`${path.sep}src${path.sep}executor${path.sep}`, `${path.sep}dist${path.sep}src${path.sep}executor${path.sep}`);
  if (existsSync(built)) return built;
  throw new Error(`entrypoint script not found at ${here} or ${built} (run npm run build)`);
}

/** Kubernetes' $(VAR) expansion in command and args; `$$(` escapes it; unknown variables stay as written. */
export function expandVars(s: string, env: Record<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => {
    if (m === '$$') return '$';
    return name !== undefined && env[name] !== undefined ? env[name] : m;
  });
}


export class LocalExecutor implements JobExecutor {
  readonly name = 'local';
  private readonly handles = new Map<string, Handle>();
  private readonly listeners: ((name: string) => void)[] = [];
  private entrypointCmd: string[] | undefined;
  private closed = false;
  /** Resolves when the executor closes: runs stop being followed (their processes go on, detached). */
  private readonly closing: Promise<void>;
  private resolveClosing: () => void = () => undefined;

  constructor(private readonly opts: LocalExecutorOptions) {
    this.entrypointCmd = opts.entrypointCommand;
    this.closing = new Promise((resolve) => {
      this.resolveClosing = resolve;
    });
  }

  onChange(listener: (name: string) => void): void {
    this.listeners.push(listener);
  }

  private notify(name: string): void {
    for (const l of this.listeners) l(name);
  }

  workspace(name: string): LocalWorkspacePaths {
    if (!isWorkspaceName(name)) throw new JobStartError(`invalid ProwJob name ${JSON.stringify(name)}`);
    return localWorkspacePaths(this.opts.dataDir, name);
  }

  /** The test container, its command line and environment, or why the job cannot run here. */
  private testProcess(pj: ProwJob, p: DecorationPaths): { args: string[]; env: Record<string, string>; cwd: string } {
    const containers = pj.spec.pod_spec?.containers ?? [];
    if (containers.length === 0) throw new JobStartError('the job has no pod_spec containers to run');
    if (containers.length > 1 && isDecorated(pj)) throw new JobStartError('the local executor runs one test container per job');
    const c: V1Container = containers[0];
    const decorated = isDecorated(pj);
    const host: Record<string, string> = {};
    for (const k of HOST_ENV) if (process.env[k] !== undefined) host[k] = process.env[k]!;
    const env: Record<string, string> = { ...host, ...jobEnv(pj, decorated ? path.join(p.logsDir, ARTIFACTS_SUBDIR) : undefined) };
    if (decorated) env.GOPATH = p.srcRoot;
    for (const e of c.env ?? []) {
      if (e.value !== undefined) env[e.name] = expandVars(e.value, env);
      else if (e.valueFrom) this.opts.logger.warn('environment variable from a Kubernetes source is not available to local jobs', { job: pj.spec.job, variable: e.name });
      else env[e.name] = '';
    }
    const args = [...(c.command ?? []), ...(c.args ?? [])].map((a) => expandVars(a, env));
    if (args.length === 0) throw new JobStartError(`container ${c.name} has no command or args to run locally`);
    let cwd = (decorated ? workDir(pj, p.srcRoot) : undefined) ?? path.join(p.logsDir, '..');
    if (c.workingDir) {
      if (!path.isAbsolute(c.workingDir)) throw new JobStartError(`workingDir ${c.workingDir} must be absolute`);
      cwd = c.workingDir;
    }
    return { args, env, cwd };
  }

  async start(pj: ProwJob): Promise<StartResult> {
    const name = pj.metadata.name;
    const ws = this.workspace(name);
    if (this.handles.has(name) || existsSync(ws.doneFile)) return { podName: name };
    const run = await readJSON<RunFile>(ws.runFile);
    if (run) {
      this.adopt(pj, ws, run);
      return { podName: name };
    }
    const p: DecorationPaths = ws;
    // Validate before anything runs, so a bad job becomes `error` at once.
    const proc = this.testProcess(pj, p);
    if (!proc.cwd.startsWith(ws.dir) && !existsSync(proc.cwd)) throw new JobStartError(`workingDir ${proc.cwd} does not exist on this host`);
    await rm(ws.dir, { recursive: true, force: true });
    await mkdir(p.logsDir, { recursive: true });
    const h: Handle = { abort: new AbortController(), running: false, since: new Date(), done: Promise.resolve() };
    this.handles.set(name, h);
    h.done = this.pipeline(pj, ws, p, h).then(
      (d) => (d ? this.finish(name, ws, d) : this.forget(name)),
      (e: unknown) => this.finish(name, ws, { state: 'error', description: `Job could not run: ${(e as Error).message}` }),
    );
    return { podName: name };
  }

  private async finish(name: string, ws: LocalWorkspacePaths, d: DoneFile): Promise<void> {
    try {
      await writeAtomically(ws.doneFile, JSON.stringify(d));
    } catch (e) {
      this.opts.logger.error('recording job result failed', { prowjob: name, error: e });
    }
    this.handles.delete(name);
    this.notify(name);
  }

  private forget(name: string): void {
    this.handles.delete(name);
  }

  private defaultBucket(): string {
    return this.opts.storage.defaultBucket;
  }

  /** The run of a job; undefined when the executor closed before it ended (a restart re-adopts it). */
  private async pipeline(pj: ProwJob, ws: LocalWorkspacePaths, p: DecorationPaths, h: Handle): Promise<DoneFile | undefined> {
    const decorated = isDecorated(pj);
    const spec = podJobSpec(pj);
    const aborted = (): DoneFile => ({ state: 'aborted', description: 'Job aborted.' });
    if (decorated) {
      const storage = this.opts.storage.open(initUploadOptions(pj, p, this.defaultBucket()).bucket);
      if (!pj.spec.decoration_config?.skip_cloning) await cloneRefs(cloneRefsOptions(pj, p));
      if (h.abort.signal.aborted) return aborted();
      const init = await initUpload(initUploadOptions(pj, p, this.defaultBucket()), spec, storage);
      if (init.code !== 0) return { state: 'failure', description: 'Job failed: cloning the refs failed (see clone-log.txt).' };
    }
    if (h.abort.signal.aborted) return aborted();
    // Closed while cloning: nothing ran yet, so a restart starts the job afresh.
    if (this.closed) return undefined;
    const proc = this.testProcess(pj, p);
    await mkdir(proc.cwd, { recursive: true });
    const ep = entrypointOptions(pj, p, proc.args);
    // Undecorated jobs have no timeout of their own: the controller's pod_running_timeout (2 days) applies.
    if (!decorated) ep.timeout = UNDECORATED_TIMEOUT_NS;
    this.entrypointCmd ??= [process.execPath, locateEntrypointScript()];
    const child = spawn(this.entrypointCmd[0], this.entrypointCmd.slice(1), {
      cwd: proc.cwd,
      env: { ...proc.env, [ENTRYPOINT_OPTIONS_ENV]: JSON.stringify(ep) },
      detached: true,
      stdio: 'ignore',
    });
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', () => resolve());
    });
    child.unref();
    if (child.pid === undefined) throw new Error(`starting ${this.entrypointCmd.join(' ')} failed`);
    h.pid = child.pid;
    h.running = true;
    h.since = new Date();
    await writeAtomically(ws.runFile, JSON.stringify({ pid: child.pid, started: h.since.toISOString() } satisfies RunFile));
    this.notify(pj.metadata.name);
    if (h.abort.signal.aborted) this.signal(child.pid);
    await Promise.race([exited, this.closing]);
    if (this.closed) return undefined;
    return this.afterEntrypoint(pj, p);
  }

  private async afterEntrypoint(pj: ProwJob, p: DecorationPaths): Promise<DoneFile> {
    const ep = entrypointOptions(pj, p, ['-']);
    const code = await readMarker(ep.marker_file);
    if (code === undefined) return { state: 'error', description: 'Job process exited without writing its exit code.' };
    let passed = code === 0;
    let aborted = code === ABORTED_ERROR_CODE;
    if (isDecorated(pj)) {
      const opts = sidecarOptions(pj, p, this.defaultBucket());
      const r = await runSidecar(opts, podJobSpec(pj), this.opts.storage.open(opts.gcs_options.bucket));
      passed = r.passed;
      aborted = r.aborted;
    }
    if (aborted) return { state: 'aborted', description: 'Job aborted.' };
    return passed ? { state: 'success', description: 'Job succeeded.' } : { state: 'failure', description: 'Job failed.' };
  }

  /** Follows a job whose entrypoint a previous controller started. */
  private adopt(pj: ProwJob, ws: LocalWorkspacePaths, run: RunFile): void {
    const name = pj.metadata.name;
    const p: DecorationPaths = ws;
    const h: Handle = { abort: new AbortController(), pid: run.pid, running: true, since: new Date(run.started), done: Promise.resolve() };
    this.handles.set(name, h);
    const marker = entrypointOptions(pj, p, ['-']).marker_file;
    const follow = async (): Promise<DoneFile> => {
      for (;;) {
        if ((await readMarker(marker)) !== undefined) return this.afterEntrypoint(pj, p);
        if (!isAlive(run.pid)) {
          // It may have written the marker just before exiting.
          if ((await readMarker(marker)) !== undefined) return this.afterEntrypoint(pj, p);
          return { state: 'error', description: 'Job process disappeared without writing its exit code.' };
        }
        if (this.closed) throw new Error('executor closed');
        await new Promise((r) => setTimeout(r, this.opts.pollMs ?? 250));
      }
    };
    this.opts.logger.info('re-adopted a running job', { prowjob: name, pid: run.pid });
    h.done = follow().then(
      (d) => this.finish(name, ws, d),
      (e: unknown) => {
        if (this.closed) this.forget(name);
        else void this.finish(name, ws, { state: 'error', description: `Job could not be followed: ${(e as Error).message}` });
      },
    );
  }

  async observe(pj: ProwJob): Promise<Observation> {
    const name = pj.metadata.name;
    const h = this.handles.get(name);
    if (h) return h.running ? { phase: 'running', since: h.since } : { phase: 'pending', since: h.since };
    const ws = this.workspace(name);
    const done = await readJSON<DoneFile>(ws.doneFile);
    if (done) return { phase: 'done', state: done.state, description: done.description };
    return { phase: 'missing', description: 'Job process is not running.' };
  }

  private signal(pid: number): void {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }

  async abort(pj: ProwJob): Promise<void> {
    const name = pj.metadata.name;
    const h = this.handles.get(name);
    if (h) {
      h.abort.abort();
      if (h.pid !== undefined) this.signal(h.pid);
      return;
    }
    const run = await readJSON<RunFile>(this.workspace(name).runFile);
    if (run && isAlive(run.pid)) this.signal(run.pid);
  }

  /** Waits for a job's process to be gone (after abort), then removes its workspace. */
  async cleanup(pj: ProwJob): Promise<boolean> {
    const name = pj.metadata.name;
    if (this.handles.has(name)) return false; // still winding down (uploads after an abort)
    const ws = this.workspace(name);
    const s = await stat(ws.dir).catch(() => undefined);
    if (!s) return true;
    const run = await readJSON<RunFile>(ws.runFile);
    if (run && isAlive(run.pid)) return false;
    await rm(ws.dir, { recursive: true, force: true });
    return true;
  }

  /** Whether the executor still follows the job in this process. */
  isActive(name: string): boolean {
    return this.handles.has(name);
  }

  /** Stops following jobs (they keep running detached and are re-adopted after a restart). */
  async close(): Promise<void> {
    this.closed = true;
    this.resolveClosing();
  }

  /** Waits until every job this process follows has finished (tests, benchmarks). */
  async drain(): Promise<void> {
    await Promise.all([...this.handles.values()].map((h) => h.done));
  }
}
