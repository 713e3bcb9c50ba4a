// End-to-end harness: runs the real built `prow` binary (dist/src/cli/main.js; never builds it) with a temp data
// dir, temp config files, free ports for every port flag it has, and the fakes wired in through the flags that
// exist in the binary (--github-endpoint, --github-graphql-endpoint, --github-token-path, --hmac-secret-file,
// --slack-endpoint, --slack-token-file). Waits for /healthz/ready; always stops the process (SIGTERM, then
// SIGKILL) and removes its temp dir; keeps its output for failure messages.
//
//   const gh = await FakeGitHub.start();
//   const prow = await Prow.start({ github: gh, config: { … }, jobs: { 'jobs.yaml': { presubmits: … } }, plugins: { … } });
//   await gh.openPullRequest('org', 'repo', { author: 'alice', files: { … } });   // webhook → prow's /hook
//   const job = await prow.waitForProwJob('the unit job to succeed', (j) => j.spec.job === 'unit' && j.status.state === 'success');
//   await waitForStatus(gh, 'org', 'repo', sha, 'unit', 'success', { prow });
//   expect(await prow.stop()).toEqual({ code: 0, signal: null });
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { toYaml } from '../../src/config/yaml.js';
import type { ProwJob } from '../../src/api/prowjob.js';
import { FileProwJobStore, prowJobDir } from '../../src/store/index.js';
import { TEST_GIT_IDENTITY } from '../fakes/git/index.js';
import type { FakeGitHub } from '../fakes/github/index.js';
import type { CommentRec, StatusRec } from '../fakes/github/index.js';
import type { FakeSlack } from '../fakes/slack/index.js';
import { freePort } from '../support/free-port.js';
import { binaryFlags, REPO_ROOT, requireBinary } from './binary.js';
import { done, failed, seen, waitFor, type WaitOptions } from './wait.js';

export { waitFor, done, failed, seen, type Probe, type WaitOptions } from './wait.js';

/** File contents: a string is written as is, anything else as YAML. */
export type FileContent = string | Record<string, unknown> | unknown[];

export interface ProwOptions {
  /** Roles to run (default: all). */
  roles?: string[];
  /** config.yaml (default: a minimal config). */
  config?: FileContent;
  /** Job config files by relative path under the job config dir. */
  jobs?: Record<string, FileContent>;
  /** plugins.yaml (default: no plugins). */
  plugins?: FileContent;
  /** The fake GitHub: endpoints, token and (with a hook role) webhooks to /hook are wired to it. */
  github?: FakeGitHub;
  /** The fake Slack: --slack-endpoint and --slack-token-file point at it. */
  slack?: FakeSlack;
  /** Slack token written to the token file (default xoxb-e2e). */
  slackToken?: string;
  /** Webhook HMAC secret (default: a fixed test secret). */
  hmacSecret?: string;
  /** GitHub token written to the token file (default e2e-token). */
  githubToken?: string;
  /** More flags (name without `--` → value; arrays repeat the flag); they override the harness's. */
  flags?: Record<string, string | number | boolean | string[]>;
  env?: NodeJS.ProcessEnv;
  /** How long to wait for /healthz/ready (default 60s). */
  readyTimeoutMs?: number;
  /** false: return once started, without waiting for /healthz/ready (a standby replica is never ready). */
  waitForReady?: boolean;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const OUTPUT_LIMIT = 512 * 1024;

async function writeContent(file: string, content: FileContent): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, typeof content === 'string' ? content : toYaml(content));
}

export { freePort };

export class Prow {
  private out = '';
  private err = '';
  private exit: ExitStatus | undefined;
  private readonly exited: Promise<ExitStatus>;
  private stopping: Promise<ExitStatus> | undefined;

  private constructor(
    private readonly child: ChildProcess,
    /** Everything temporary (removed by stop). */
    readonly tmpDir: string,
    readonly dataDir: string,
    readonly configDir: string,
    /** Port per port flag, e.g. ports['health-port']. */
    readonly ports: Record<string, number>,
    /** The full command line (after the binary). */
    readonly args: string[],
  ) {
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      this.out = (this.out + d).slice(-OUTPUT_LIMIT);
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      this.err = (this.err + d).slice(-OUTPUT_LIMIT);
    });
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
  }

  /** Starts `prow` and waits until /healthz/ready answers 200 (stops it and throws with its output otherwise). */
  static async start(opts: ProwOptions = {}): Promise<Prow> {
    const binary = requireBinary();
    const known = await binaryFlags();
    const tmpDir = await mkdtemp(path.join(os.tmpdir(), 'prow-e2e-'));
    const dataDir = path.join(tmpDir, 'data');
    const configDir = path.join(tmpDir, 'config');
    const secretsDir = path.join(tmpDir, 'secrets');
    await mkdir(dataDir, { recursive: true });
    await mkdir(secretsDir, { recursive: true });

    const flags = new Map<string, string[]>();
    const set = (name: string, ...values: string[]): void => {
      if (known.has(name)) flags.set(name, values);
    };
    set('data-dir', dataDir);
    await writeContent(path.join(configDir, 'config.yaml'), opts.config ?? { prowjob_namespace: 'default', pod_namespace: 'test-pods' });
    set('config-path', path.join(configDir, 'config.yaml'));
    const jobsDir = path.join(configDir, 'jobs');
    await mkdir(jobsDir, { recursive: true });
    for (const [rel, content] of Object.entries(opts.jobs ?? {})) await writeContent(path.join(jobsDir, rel), content);
    set('job-config-path', jobsDir);
    await writeContent(path.join(configDir, 'plugins.yaml'), opts.plugins ?? { plugins: {} });
    set('plugin-config', path.join(configDir, 'plugins.yaml'));

    const ports: Record<string, number> = {};
    for (const name of known) {
      if (name.endsWith('-port') || name === 'port') {
        ports[name] = await freePort();
        set(name, String(ports[name]));
      }
    }

    const hmacSecret = opts.hmacSecret ?? 'e2e-hmac-secret';
    const hmacFile = path.join(secretsDir, 'hmac');
    await writeFile(hmacFile, hmacSecret);
    set('hmac-secret-file', hmacFile);
    if (opts.github) {
      const tokenFile = path.join(secretsDir, 'github-token');
      await writeFile(tokenFile, opts.githubToken ?? 'e2e-token');
      set('github-endpoint', opts.github.url);
      set('github-graphql-endpoint', opts.github.graphqlUrl);
      set('github-token-path', tokenFile);
      if (ports['hook-port'] !== undefined) opts.github.setHook(`http://127.0.0.1:${ports['hook-port']}/hook`, hmacSecret);
    }
    if (opts.slack) {
      const slackFile = path.join(secretsDir, 'slack-token');
      await writeFile(slackFile, opts.slackToken ?? 'xoxb-e2e');
      set('slack-endpoint', `${opts.slack.url}/api`);
      set('slack-token-file', slackFile);
    }
    for (const [name, value] of Object.entries(opts.flags ?? {})) {
      flags.set(name, Array.isArray(value) ? value : [String(value)]);
    }

    const args = [...(opts.roles ?? ['all']).map((r) => `--role=${r}`), ...[...flags].flatMap(([name, values]) => values.map((v) => `--${name}=${v}`))];
    const child = spawn(process.execPath, [binary, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...TEST_GIT_IDENTITY, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const prow = new Prow(child, tmpDir, dataDir, configDir, ports, args);
    try {
      if (opts.waitForReady !== false) await prow.waitForReady(opts.readyTimeoutMs ?? 60_000);
    } catch (e) {
      await prow.stop();
      throw e;
    }
    return prow;
  }

  /** Rewrites config.yaml while prow runs (for hot-reload tests). */
  writeConfig(content: FileContent): Promise<void> {
    return writeContent(path.join(this.configDir, 'config.yaml'), content);
  }

  /** Writes (or rewrites) a job config file under the job config dir. */
  writeJobConfig(relPath: string, content: FileContent): Promise<void> {
    return writeContent(path.join(this.configDir, 'jobs', relPath), content);
  }

  /** Rewrites plugins.yaml. */
  writePlugins(content: FileContent): Promise<void> {
    return writeContent(path.join(this.configDir, 'plugins.yaml'), content);
  }

  /** http://127.0.0.1:<port of that flag><path>. */
  url(portFlag: string, urlPath = '/'): string {
    const port = this.ports[portFlag];
    if (port === undefined) throw new Error(`the binary has no --${portFlag} flag (port flags: ${Object.keys(this.ports).join(', ')})`);
    return `http://127.0.0.1:${port}${urlPath}`;
  }

  get stdout(): string {
    return this.out;
  }

  get stderr(): string {
    return this.err;
  }

  /** The process's exit status, once it exited. */
  get exitStatus(): ExitStatus | undefined {
    return this.exit;
  }

  /** The last lines of output, for failure messages. */
  logTail(lines = 40): string {
    const all = `${this.err}${this.out}`.trimEnd().split('\n');
    return `$ prow ${this.args.join(' ')}\n${all.slice(-lines).join('\n')}${this.exit ? `\n(exited: code ${String(this.exit.code)}, signal ${String(this.exit.signal)})` : ''}`;
  }

  private context = (): string => this.logTail();

  async waitForReady(timeoutMs = 60_000): Promise<void> {
    await waitFor(
      'prow to report ready on /healthz/ready',
      async () => {
        if (this.exit) return failed(`prow exited (code ${String(this.exit.code)}, signal ${String(this.exit.signal)}) before becoming ready`);
        const res = await fetch(this.url('health-port', '/healthz/ready'));
        const text = await res.text();
        return res.status === 200 ? done(undefined) : seen(`${res.status} ${text}`);
      },
      { timeoutMs, intervalMs: 100, context: this.context },
    );
  }

  /** Every ProwJob in the file store (<data-dir>/prowjobs/*.json). */
  async prowJobs(): Promise<ProwJob[]> {
    const dir = prowJobDir(this.dataDir);
    let names: string[];
    try {
      names = (await readdir(dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
    } catch {
      return [];
    }
    const jobs: ProwJob[] = [];
    for (const n of names) {
      try {
        jobs.push(JSON.parse(await readFile(path.join(dir, n), 'utf8')) as ProwJob);
      } catch {
        // Renamed or replaced between readdir and read: the next poll sees the new file.
      }
    }
    return jobs;
  }

  /** Waits for a ProwJob matching `pred`; on timeout prints every job's name, job, type and state. */
  waitForProwJob(description: string, pred: (j: ProwJob) => boolean, opts: WaitOptions = {}): Promise<ProwJob> {
    return waitFor(
      `a ProwJob: ${description}`,
      async () => {
        const jobs = await this.prowJobs();
        const found = jobs.find(pred);
        if (found) return done(found);
        return seen(jobs.map((j) => `${j.metadata.name} ${j.spec.job} ${j.spec.type} ${j.status?.state ?? '?'} ${j.status?.description ?? ''}`).join('\n') || '(no ProwJobs)');
      },
      { context: this.context, ...opts },
    );
  }

  /**
   * kill -9: the process gets no chance to shut down (crash tests); then removes the temp dir as stop() does (a
   * --data-dir given in `flags` lives elsewhere and stays for the next start).
   */
  async kill(): Promise<ExitStatus> {
    if (!this.exit) this.child.kill('SIGKILL');
    await this.exited;
    return this.stop();
  }

  /** SIGTERM, then SIGKILL after `graceMs`; removes the temp dir. Resolves with the exit status. */
  stop(graceMs = 20_000): Promise<ExitStatus> {
    this.stopping ??= (async () => {
      if (!this.exit) {
        this.child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        const killed = new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            this.child.kill('SIGKILL');
            resolve();
          }, graceMs);
        });
        await Promise.race([this.exited, killed]);
        clearTimeout(timer);
      }
      const status = await this.exited;
      // Job processes outlive a stop by design and may still be writing under the data dir: retry ENOTEMPTY.
      await rm(this.tmpDir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
      return status;
    })();
    return this.stopping;
  }
}

/** The ProwJobs in a data dir a test chose and shares between restarts (read through the file store). */
export async function prowJobsIn(dataDir: string): Promise<ProwJob[]> {
  const store = await FileProwJobStore.open({ dir: prowJobDir(dataDir), namespace: 'default', pollIntervalMs: 0 });
  try {
    return await store.list();
  } finally {
    await store.close();
  }
}

/** Options for the GitHub waits: the prow process adds its log tail to failure messages. */
export interface GitHubWaitOptions extends WaitOptions {
  prow?: Prow;
}

function withProw(opts: GitHubWaitOptions): WaitOptions {
  const { prow, ...rest } = opts;
  return prow ? { context: () => prow.logTail(), ...rest } : rest;
}

/** Waits for the latest status of `context` on a commit to be `state` (any state when omitted). */
export function waitForStatus(gh: FakeGitHub, owner: string, repo: string, sha: string, context: string, state?: StatusRec['state'], opts: GitHubWaitOptions = {}): Promise<StatusRec> {
  return waitFor(
    `status ${context}${state ? `=${state}` : ''} on ${owner}/${repo}@${sha.slice(0, 8)}`,
    () => {
      const all = gh.statuses(owner, repo, sha);
      const s = all.find((x) => x.context === context && (!state || x.state === state));
      return s ? done(s) : seen(all.map((x) => `${x.context}: ${x.state} (${x.description ?? ''})`).join('\n') || '(no statuses)');
    },
    withProw(opts),
  );
}

/** Waits for a comment on an issue or PR matching `pred`. */
export function waitForComment(gh: FakeGitHub, owner: string, repo: string, number: number, pred: (c: CommentRec) => boolean, opts: GitHubWaitOptions = {}): Promise<CommentRec> {
  return waitFor(
    `a matching comment on ${owner}/${repo}#${number}`,
    () => {
      const all = gh.comments(owner, repo, number);
      const c = all.find(pred);
      return c ? done(c) : seen(all.map((x) => `${x.user}: ${x.body.slice(0, 300)}`).join('\n---\n') || '(no comments)');
    },
    withProw(opts),
  );
}

/** Waits for a PR to be merged; resolves with the merge commit sha. */
export function waitForMerge(gh: FakeGitHub, owner: string, repo: string, number: number, opts: GitHubWaitOptions = {}): Promise<string> {
  return waitFor(
    `${owner}/${repo}#${number} to be merged`,
    () => {
      const i = gh.issue(owner, repo, number);
      if (i.pull?.merged && i.pull.mergeCommitSha) return done(i.pull.mergeCommitSha);
      return seen({ state: i.state, merged: i.pull?.merged, labels: i.labels, mergeRequests: gh.requestsTo('PUT', `/repos/${owner}/${repo}/pulls/${number}/merge`).map((r) => r.status) });
    },
    withProw(opts),
  );
}

/** Waits for an issue or PR to carry (or, with `present` false, to lose) a label. */
export function waitForLabel(gh: FakeGitHub, owner: string, repo: string, number: number, label: string, present = true, opts: GitHubWaitOptions = {}): Promise<void> {
  return waitFor(
    `${owner}/${repo}#${number} to ${present ? 'have' : 'lose'} label ${label}`,
    () => {
      const labels = gh.issue(owner, repo, number).labels;
      return labels.includes(label) === present ? done(undefined) : seen(labels);
    },
    withProw(opts),
  );
}
