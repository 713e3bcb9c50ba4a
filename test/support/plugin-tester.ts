// The plugin test kit. A PluginTester starts the fake GitHub (seeded with orgs, members, repos, files, OWNERS and
// PRs by the test), loads config.yaml / plugins.yaml text with the plugin registry, and runs ONE plugin's handlers
// on the webhooks the fake GitHub raises, exactly as the hook does (plugins/context.ts's runHandler, the production
// GitHub client over HTTP, the file ProwJob store). Webhooks the plugin's own writes raise are handled too, until
// the repository is quiet. What comes out is an Outcome: GitHub writes, ProwJobs created, took_action, errors.
//
// Table-driven cases in the spirit of ESLint's RuleTester: `pluginCases(title, options, cases)` registers one
// `it` per case; each case acts on the fake GitHub as a user would and states what must come out.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ProwJob } from '../../src/api/prowjob.js';
import { ProwYAMLGetter } from '../../src/config/inrepoconfig.js';
import { loadConfig, type LoadedConfig } from '../../src/config/load.js';

import { genericCommentFrom, webhookFromPayload } from '../../src/github/events.js';
import { createGitHubFactory, type GitHubClientFactory } from '../../src/github/factory.js';
import { OwnersReader } from '../../src/owners/reader.js';
import { createRootLogger } from '../../src/runtime/logger.js';
import { FileProwJobStore } from '../../src/store/file.js';
import { handlerEvents, runHandler } from '../../plugins/context.js';
import { PLUGIN_REGISTRY } from '../../plugins/index.js';
import type { Plugin, PluginServices } from '../../plugins/types.js';
import { FakeGitHub, type RecordedRequest } from '../fakes/github/index.js';

export interface PluginTesterOptions {
  plugin: Plugin;
  /** config.yaml (core config and jobs). */
  config?: string;
  /** plugins.yaml; the plugin must be enabled in it for the orgs or repos the cases use. */
  plugins: string;
  /** The bot's login (default k8s-ci-robot). */
  botLogin?: string;
  /** Read .prow.yaml from the fake GitHub's repositories (default true). */
  inRepoConfig?: boolean;
  /** Orgs, members, repos (with files, OWNERS), collaborators, PRs: whatever the cases start from. */
  seed?: (gh: FakeGitHub) => Promise<void>;
  /** Slack, ConfigMaps: what the process provides besides GitHub (none by default). */
  services?: PluginServices;
}

/** What one act made the plugin do. */
export interface Outcome {
  /** Requests the plugin sent to GitHub other than GET/HEAD, in order. */
  writes: RecordedRequest[];
  /** ProwJobs created while handling. */
  jobs: ProwJob[];
  /** took_action of each handler run. */
  tookAction: boolean[];
  /** Errors the handlers threw. */
  errors: unknown[];
}

const MAX_ROUNDS = 10;

export class PluginTester {
  private handled = 0;
  private constructor(
    readonly gh: FakeGitHub,
    readonly store: FileProwJobStore,
    readonly github: GitHubClientFactory,
    private readonly opts: PluginTesterOptions,
    private readonly loaded: LoadedConfig,
    private readonly inRepoConfig: ProwYAMLGetter | undefined,
    private readonly owners: OwnersReader,
    private readonly dir: string,
  ) {}

  static async start(opts: PluginTesterOptions): Promise<PluginTester> {
    const dir = mkdtempSync(path.join(os.tmpdir(), `plugin-${opts.plugin.name}-`));
    const configPath = path.join(dir, 'config.yaml');
    const pluginsPath = path.join(dir, 'plugins.yaml');
    writeFileSync(configPath, opts.config ?? '{}');
    writeFileSync(pluginsPath, opts.plugins);
    writeFileSync(path.join(dir, 'token'), 'plugin-tester-token');
    const loaded = await loadConfig({ configPath, pluginConfig: pluginsPath }, { plugins: PLUGIN_REGISTRY, strict: true });
    const gh = await FakeGitHub.start({ botLogin: opts.botLogin ?? 'k8s-ci-robot' });
    await opts.seed?.(gh);
    const store = await FileProwJobStore.open({ dir: path.join(dir, 'prowjobs'), namespace: loaded.config.prowjob_namespace ?? 'default', pollIntervalMs: 0 });
    const logger = createRootLogger({ stream: new PassThrough(), level: 'error' });
    const factory = createGitHubFactory({ endpoints: [gh.url], graphqlEndpoint: gh.graphqlUrl, host: 'github.com', tokenPath: path.join(dir, 'token') }, logger);
    if (!factory) throw new Error('no GitHub client');
    const inRepoConfig = opts.inRepoConfig === false ? undefined
      : new ProwYAMLGetter({ cacheDir: path.join(dir, 'inrepoconfig'), cloneURI: (o, r) => gh.cloneUrl(o, r) });
    const owners = new OwnersReader({ cacheDir: path.join(dir, 'owners'), cloneURI: (o, r) => gh.cloneUrl(o, r) });
    const tester = new PluginTester(gh, store, factory, opts, loaded, inRepoConfig, owners, dir);
    // What the seed raised is the starting state, not something the plugin should react to.
    tester.handled = gh.deliveries.length;
    return tester;
  }

  /**
   * Does `act` on the fake GitHub, then runs the plugin on every webhook raised since the last act (and on those
   * its own writes raise, as the hook would), and returns what it did.
   */
  async act(act: (gh: FakeGitHub) => Promise<unknown>): Promise<Outcome> {
    return this.handle(act, []);
  }

  /** Hands the plugin a webhook GitHub would send but the fake cannot raise (e.g. a branch deletion push). */
  async deliver(eventType: string, payload: unknown): Promise<Outcome> {
    return this.handle(async () => undefined, [{ event: eventType, guid: `tester-${Date.now()}`, payload }]);
  }

  private async handle(act: (gh: FakeGitHub) => Promise<unknown>, extra: { event: string; guid: string; payload: unknown }[]): Promise<Outcome> {
    const requestsBefore = this.gh.requests.length;
    const jobsBefore = new Set((await this.store.list()).map((j) => j.metadata.name));
    await act(this.gh);
    const out: Outcome = { writes: [], jobs: [], tookAction: [], errors: [] };
    let pending = extra;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      await this.gh.flush();
      pending = [...pending, ...this.gh.deliveries.slice(this.handled)];
      this.handled = this.gh.deliveries.length;
      if (pending.length === 0) break;
      for (const d of pending) {
        const ev = webhookFromPayload(d.event, d.guid, d.payload);
        for (const h of handlerEvents(ev, genericCommentFrom(ev))) {
          const r = await runHandler(this.opts.plugin, h, this.deps());
          if (!r) continue;
          out.tookAction.push(r.tookAction);
          if (r.error !== undefined) out.errors.push(r.error);
        }
      }
      pending = [];
    }
    out.writes = this.gh.requests.slice(requestsBefore).filter((r) => r.method !== 'GET' && r.method !== 'HEAD');
    out.jobs = (await this.store.list()).filter((j) => !jobsBefore.has(j.metadata.name));
    return out;
  }

  /** Every ProwJob for a PR of the seeded repos. */
  async jobsFor(pr: number, repo?: string): Promise<ProwJob[]> {
    return (await this.store.list()).filter((j) => j.spec.refs?.pulls?.[0]?.number === pr && (repo === undefined || j.spec.refs?.repo === repo));
  }

  async stop(): Promise<void> {
    await this.gh.stop();
    await this.store.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private deps(): Parameters<typeof runHandler>[2] {
    return {
      github: (onWrite) => this.github.forOrgCounting('', onWrite), botLogin: this.opts.botLogin ?? 'k8s-ci-robot', githubHost: 'github.com', prowConfig: this.loaded.config,
      pluginsConfig: this.loaded.plugins, store: this.store, inRepoConfig: this.inRepoConfig, owners: this.owners,
      logger: createRootLogger({ stream: new PassThrough(), level: 'error' }), services: this.opts.services ?? {},
    };
  }
}

/** One row of a plugin's table. */
export interface PluginCase {
  name: string;
  /** What happens on GitHub (a comment, a PR, a push…). */
  act: (gh: FakeGitHub, t: PluginTester) => Promise<unknown>;
  /** Names of the ProwJobs that must be created (sorted); [] for none. */
  jobs?: string[];
  /** Each must be contained in (string) or match (RegExp) the body of a comment the plugin wrote. */
  comments?: (string | RegExp)[];
  /** Labels the plugin must add. */
  labelsAdded?: string[];
  /** true: the plugin must write nothing at all to GitHub. */
  noWrites?: boolean;
  /** took_action of the handler runs that were not no-ops, if given. */
  tookAction?: boolean;
  /** Anything else. */
  check?: (out: Outcome, t: PluginTester) => Promise<void> | void;
  /** Messages of the errors the handlers must throw (contained in them), in order; default: none. */
  errors?: string[];
  /** This case's jest timeout, when it needs more than the default (a PR of thousands of files). */
  timeoutMs?: number;
}

const commentBodies = (out: Outcome): string[] => out.writes
  .filter((w) => w.method === 'POST' && /\/issues\/\d+\/comments$/.test(w.path))
  .map((w) => String((w.body as { body?: string }).body ?? ''));

const addedLabels = (out: Outcome): string[] => out.writes
  .filter((w) => w.method === 'POST' && /\/issues\/\d+\/labels$/.test(w.path))
  .flatMap((w) => (w.body as { labels?: string[] }).labels ?? []);

/** Registers a describe block with one test per case, all against one seeded PluginTester. */
export function pluginCases(title: string, options: PluginTesterOptions, cases: PluginCase[]): void {
  describe(title, () => {
    let t: PluginTester;
    beforeAll(async () => {
      t = await PluginTester.start(options);
    });
    afterAll(async () => {
      await t.stop();
    });
    for (const c of cases) {
      it(c.name, async () => {
        const out = await t.act((gh) => c.act(gh, t));
        if (c.errors) expect(out.errors.map((e) => String((e as Error).message ?? e))).toEqual(c.errors.map((m) => expect.stringContaining(m)));
        else expect(out.errors).toEqual([]);
        if (c.jobs) expect(out.jobs.map((j) => j.spec.job).sort()).toEqual([...c.jobs].sort());
        if (c.noWrites) expect(out.writes.map((w) => `${w.method} ${w.path}`)).toEqual([]);
        const bodies = commentBodies(out);
        for (const m of c.comments ?? []) {
          expect(bodies.some((b) => (typeof m === 'string' ? b.includes(m) : m.test(b)))).toBe(true);
        }
        if (c.labelsAdded) expect(addedLabels(out)).toEqual(expect.arrayContaining(c.labelsAdded));
        if (c.tookAction !== undefined) expect(out.tookAction.some((x) => x)).toBe(c.tookAction);
        await c.check?.(out, t);
      }, c.timeoutMs);
    }
  });
}
