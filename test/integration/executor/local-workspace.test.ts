// The local executor's layout as deck and sinker read it: a job run by the real executor leaves its files where
// localWorkspacePaths says, listLocalWorkloads reports it, removeLocalWorkload stops and removes it.
import { describe, it, expect, afterEach } from '@jest/globals';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { LocalExecutor } from '../../../src/executor/local.js';
import { listLocalWorkloads, localWorkspacePaths, removeLocalWorkload } from '../../../src/executor/local-workspace.js';
import { StorageClients } from '../../../src/storage/open.js';
import { alive, prowJob, quiet, tempDir, waitFor } from './harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const sh = (script: string) => ({ containers: [{ name: 'test', image: 'alpine', command: ['sh', '-c', script] }] });

async function executor(): Promise<{ ex: LocalExecutor; dataDir: string }> {
  const t = await tempDir('local-workspace-');
  const ex = new LocalExecutor({ dataDir: t.dir, storage: new StorageClients(t.dir), logger: quiet, pollMs: 50 });
  cleanups.push(t.cleanup, async () => {
    await ex.drain();
    await ex.close();
  });
  return { ex, dataDir: t.dir };
}

describe('local executor workspace layout', () => {
  it('a finished job: process log, run.json and done.json where localWorkspacePaths says; listed with its times', async () => {
    const { ex, dataDir } = await executor();
    const pj = prowJob({ job: 'layout', decoration_config: {}, pod_spec: sh('echo hello from the job') });
    pj.status.build_id = '7'; // plank sets it before starting a job
    await ex.start(pj);
    await waitFor('the job to finish', async () => (await ex.observe(pj)).phase === 'done' || undefined);
    const p = localWorkspacePaths(dataDir, pj.metadata.name);
    expect(await readFile(p.processLog, 'utf8')).toContain('hello from the job');
    expect(JSON.parse(await readFile(p.runFile, 'utf8'))).toMatchObject({ pid: expect.any(Number) });
    expect(JSON.parse(await readFile(p.doneFile, 'utf8'))).toEqual({ state: 'success', description: 'Job succeeded.' });
    const listed = await listLocalWorkloads(dataDir);
    expect(listed.map((w) => w.name)).toEqual([pj.metadata.name]);
    expect(listed[0]!.startedAt?.getTime()).toBeGreaterThan(0);
    expect(listed[0]!.terminatedAt?.getTime()).toBeGreaterThanOrEqual(listed[0]!.startedAt!.getTime() - 1000);
  });

  it('removing a running workload stops its process and deletes the workspace', async () => {
    const { ex, dataDir } = await executor();
    const pj = prowJob({ job: 'orphan', pod_spec: sh('sleep 60') });
    pj.status.build_id = '8';
    await ex.start(pj);
    const p = localWorkspacePaths(dataDir, pj.metadata.name);
    const pid = await waitFor('the process to start', async () => {
      const run = await readFile(p.runFile, 'utf8').catch(() => undefined);
      return run ? (JSON.parse(run) as { pid: number }).pid : undefined;
    });
    const [w] = await listLocalWorkloads(dataDir);
    expect(w).toMatchObject({ name: pj.metadata.name });
    expect(w!.terminatedAt).toBeUndefined();
    // Left behind by a controller that stopped following it: what sinker removes.
    await ex.close();
    await removeLocalWorkload(dataDir, pj.metadata.name);
    expect(existsSync(p.dir)).toBe(false);
    await waitFor('the process to end', async () => !alive(pid) || undefined);
    expect(await listLocalWorkloads(dataDir)).toEqual([]);
  });

  it('refuses names that are not a workspace directory', () => {
    expect(() => localWorkspacePaths('/data', '../escape')).toThrow('invalid ProwJob name');
  });
});
