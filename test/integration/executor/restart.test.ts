// A controller-manager restarted on an existing data dir: the store it reopens cannot resume a watch from the
// resourceVersions it lists (the history starts at the reopen), so plank must recover from the GoneError and
// still see jobs created after the restart.
import { describe, it, expect, afterEach } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { prowJob, startController, tempDir, waitFor, waitForState } from './harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const sh = (script: string) => ({ containers: [{ name: 'test', image: 'alpine', command: ['sh', '-c', script] }] });
const FINAL = ['success', 'failure', 'error', 'aborted'];

describe('plank after a restart on the same data dir', () => {
  it('runs a job created after the restart, finishes the pending one and starts the triggered one', async () => {
    const t = await tempDir('plank-restart-');
    cleanups.push(t.cleanup);
    const marker = path.join(t.dir, 'pending-started');

    const first = await startController(t.dir, {}, { maxRunning: 1 });
    const before = prowJob({ job: 'before', decoration_config: {}, pod_spec: sh('echo before') });
    await first.store.create(before);
    expect((await waitForState(first.store, before.metadata.name, FINAL)).status.state).toBe('success');
    // One job left running (pending) and, with max running 1, one left triggered across the stop.
    const pending = prowJob({ job: 'pending', decoration_config: {}, pod_spec: sh(`touch ${marker}; sleep 1; echo done`) });
    await first.store.create(pending);
    await waitFor('the pending job to run', async () => (await readFile(marker).then(() => true, () => false)) || undefined);
    const queued = prowJob({ job: 'queued', decoration_config: {}, pod_spec: sh('echo queued') });
    await first.store.create(queued);
    expect((await first.store.get(queued.metadata.name)).status.state).toBe('triggered');
    await first.stop();

    const second = await startController(t.dir);
    cleanups.push(() => second.stop());
    const after = prowJob({ job: 'after', decoration_config: {}, pod_spec: sh('echo after') });
    await second.store.create(after);
    expect((await waitForState(second.store, after.metadata.name, FINAL, 20_000)).status.state).toBe('success');
    expect((await waitForState(second.store, pending.metadata.name, FINAL, 20_000)).status.state).toBe('success');
    expect((await waitForState(second.store, queued.metadata.name, FINAL, 20_000)).status.state).toBe('success');
  });
});
