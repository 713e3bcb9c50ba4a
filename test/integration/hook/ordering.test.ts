// The dispatcher: many deliveries in flight at once (--plugin-workers), events of one PR one after another in
// arrival order, and a delivery waiting for its PR holding no handling slot.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createGitHubFactory } from '../../../src/github/factory.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { createMetricsRegistry } from '../../../src/runtime/metrics.js';
import { FileProwJobStore } from '../../../src/store/file.js';
import { definePlugin } from '../../../plugins/types.js';
import { Dispatcher } from '../../../roles/hook/dispatch.js';
import type { Delivery } from '../../../roles/hook/deliveries.js';

/** A gate per comment body: the handler of that comment waits until the test opens it. */
class Gates {
  private readonly gates = new Map<string, { open: () => void; opened: Promise<void> }>();
  get(name: string): Promise<void> {
    return this.entry(name).opened;
  }
  open(name: string): void {
    this.entry(name).open();
  }
  private entry(name: string): { open: () => void; opened: Promise<void> } {
    let e = this.gates.get(name);
    if (!e) {
      let open!: () => void;
      const opened = new Promise<void>((r) => (open = r));
      e = { open, opened };
      this.gates.set(name, e);
    }
    return e;
  }
}

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}

function comment(pr: number, body: string): Delivery {
  const payload = {
    action: 'created',
    issue: { number: pr, state: 'open', html_url: `https://github.com/org/repo/pull/${pr}`, user: { login: 'alice' }, pull_request: {} },
    comment: { id: 1, body, user: { login: 'alice' }, html_url: 'x' },
    repository: { name: 'repo', full_name: 'org/repo', owner: { login: 'org' } },
  };
  return { eventType: 'issue_comment', guid: `g-${body}`, headers: {}, body: Buffer.from(JSON.stringify(payload)), receivedAt: new Date().toISOString() };
}

describe('dispatcher concurrency and per-PR order', () => {
  let dir: string;
  let gh: http.Server;
  let store: FileProwJobStore;
  const started: string[] = [];
  const finished: string[] = [];
  const gates = new Gates();
  const metrics = createMetricsRegistry();

  const dispatcher = (concurrency: number, onBacklog?: () => void): Dispatcher => {
    const plugin = definePlugin({
      name: 'gated',
      description: 'waits for the test',
      handlers: {
        genericComment: async ({ event: e }) => {
          started.push(e.body);
          await gates.get(e.body);
          finished.push(e.body);
        },
      },
    });
    const base = `http://127.0.0.1:${(gh.address() as AddressInfo).port}`;
    const logger = createRootLogger({ stream: new PassThrough() });
    return new Dispatcher({
      plugins: [plugin],
      config: () => ({ config: {}, plugins: { plugins: { org: { plugins: ['gated'] } } } }),
      github: createGitHubFactory({ endpoints: [base], graphqlEndpoint: `${base}/graphql`, host: 'github.com', tokenPath: path.join(dir, 'token') }, logger),
      store,
      logger,
      metrics,
      concurrency,
      onBacklog,
    });
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hook-order-'));
    writeFileSync(path.join(dir, 'token'), 'gh-token-abcdef\n');
    // GitHub is only asked for the bot's login.
    gh = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ login: 'k8s-ci-robot' }));
    });
    await new Promise<void>((r) => gh.listen(0, '127.0.0.1', () => r()));
    store = await FileProwJobStore.open({ dir: path.join(dir, 'prowjobs'), namespace: 'default', pollIntervalMs: 0 });
  });

  afterAll(async () => {
    await store.close();
    gh.closeAllConnections();
    await new Promise((r) => gh.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('handles other PRs while one PR\'s earlier event is still running, and that PR\'s events in order', async () => {
    const d = dispatcher(8);
    d.start(comment(1, 'pr1-a'));
    d.start(comment(1, 'pr1-b'));
    d.start(comment(2, 'pr2-a'));
    d.start(comment(1, 'pr1-c'));
    // PR 2 is not held up by PR 1; PR 1's second event waits for its first.
    await until(() => started.includes('pr1-a') && started.includes('pr2-a'));
    gates.open('pr2-a');
    await until(() => finished.includes('pr2-a'));
    expect(started).not.toContain('pr1-b');
    // Opened out of order: c cannot overtake b.
    gates.open('pr1-c');
    gates.open('pr1-a');
    await until(() => started.includes('pr1-b'));
    expect(started).not.toContain('pr1-c');
    gates.open('pr1-b');
    await d.idle();
    expect(finished.filter((b) => b.startsWith('pr1-'))).toEqual(['pr1-a', 'pr1-b', 'pr1-c']);
  });

  it('handles at most --plugin-workers deliveries at once; one waiting for its PR takes no slot', async () => {
    started.length = 0;
    finished.length = 0;
    const d = dispatcher(2);
    d.start(comment(10, 'w10-a'));
    d.start(comment(10, 'w10-b')); // waits for w10-a without a slot
    d.start(comment(11, 'w11-a'));
    d.start(comment(12, 'w12-a')); // no slot free until one of the first two ends
    await until(() => started.includes('w10-a') && started.includes('w11-a'));
    expect(started).toEqual(['w10-a', 'w11-a']);
    gates.open('w11-a');
    await until(() => started.includes('w12-a'));
    expect(started).not.toContain('w10-b');
    gates.open('w12-a');
    gates.open('w10-a');
    gates.open('w10-b');
    await d.idle();
    expect(finished.sort()).toEqual(['w10-a', 'w10-b', 'w11-a', 'w12-a']);
  });

  it('says once that handling is behind, when 4 deliveries per worker are not yet handled', async () => {
    started.length = 0;
    let told = 0;
    const d = dispatcher(2, () => told++);
    // Two PRs: the rest wait for their PR's earlier events, not for a worker; they count all the same.
    for (let i = 0; i < 7; i++) d.start(comment(30 + (i % 2), `b${i}`));
    await until(() => started.length === 2);
    expect(told).toBe(0);
    d.start(comment(30, 'b7'));
    expect(told).toBe(1);
    d.start(comment(31, 'b8'));
    for (let i = 0; i <= 8; i++) gates.open(`b${i}`);
    await d.idle();
    expect(told).toBe(1);
  });
});
