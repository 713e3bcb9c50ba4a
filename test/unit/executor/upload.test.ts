import { describe, it, expect, afterEach } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FileStorage } from '../../../src/storage/file.js';
import { initUpload } from '../../../src/executor/podutils/initupload.js';
import { runSidecar } from '../../../src/executor/podutils/sidecar.js';
import type { PodJobSpec } from '../../../src/executor/podutils/jobspec.js';
import type { CloneRecord } from '../../../src/executor/podutils/clonerefs.js';

const dirs: string[] = [];
afterEach(async () => {
  while (dirs.length) await rm(dirs.pop()!, { recursive: true, force: true });
});
async function tmp(): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), 'upload-'));
  dirs.push(d);
  return d;
}

const spec: PodJobSpec = {
  type: 'presubmit',
  job: 'pull-test',
  buildid: '100',
  prowjobid: 'abc',
  refs: { org: 'o', repo: 'r', base_ref: 'main', base_sha: 'base1', pulls: [{ number: 7, author: 'a', sha: 'pull7' }] },
};
const dir = 'pr-logs/pull/o_r/7/pull-test/100';

describe('initupload', () => {
  it('writes started.json, the clone logs and the directory link', async () => {
    const d = await tmp();
    const storage = new FileStorage(path.join(d, 'bucket'));
    const records: CloneRecord[] = [{ refs: spec.refs!, commands: [{ command: 'git init', output: 'ok\n', error: '' }], failed: false, final_sha: 'merged1' }];
    await writeFile(path.join(d, 'clone.json'), JSON.stringify(records));
    const r = await initUpload({ bucket: storage.url, log: path.join(d, 'clone.json') }, spec, storage);
    expect(r.code).toBe(0);
    expect(r.dir).toBe(dir);
    const started = JSON.parse((await storage.read(`${dir}/started.json`)).toString()) as Record<string, unknown>;
    expect(started.pull).toBe('7');
    expect(started.repos).toEqual({ 'o/r': 'main:base1,7:pull7' });
    expect(started['repo-version']).toBe('merged1');
    expect(typeof started.timestamp).toBe('number');
    expect((await storage.read(`${dir}/clone-log.txt`)).toString()).toBe('# Cloning o/r at main(base1)\n# Checking out pulls:\n#\t7(pull7)\n$ git init\nok\n');
    expect(JSON.parse((await storage.read(`${dir}/clone-records.json`)).toString())).toEqual(records);
    expect((await storage.read('pr-logs/directory/pull-test/100.txt')).toString()).toBe(`${storage.url}/${dir}`);
    expect(await storage.stat(`${dir}/finished.json`)).toBeUndefined();
  });

  it('finishes the run as failed when a clone failed', async () => {
    const d = await tmp();
    const storage = new FileStorage(path.join(d, 'bucket'));
    await writeFile(path.join(d, 'clone.json'), JSON.stringify([{ refs: spec.refs, commands: [], failed: true }]));
    const r = await initUpload({ bucket: storage.url, log: path.join(d, 'clone.json') }, spec, storage);
    expect(r.code).toBe(1);
    const finished = JSON.parse((await storage.read(`${dir}/finished.json`)).toString()) as Record<string, unknown>;
    expect(finished).toMatchObject({ passed: false, result: 'FAILURE', revision: 'pull7' });
  });
});

describe('sidecar', () => {
  it('uploads the censored log, artifacts and finished.json', async () => {
    const d = await tmp();
    const storage = new FileStorage(path.join(d, 'bucket'));
    const secretDir = path.join(d, 'secrets', 'token');
    await mkdir(secretDir, { recursive: true });
    await writeFile(path.join(secretDir, 'key'), 's3cr3t-value\n');
    const b64 = Buffer.from('s3cr3t-value').toString('base64');
    await mkdir(path.join(d, 'artifacts', 'sub'), { recursive: true });
    await writeFile(path.join(d, 'artifacts', 'sub', 'junit.xml'), `<x>s3cr3t-value</x>`);
    await writeFile(path.join(d, 'artifacts', 'keep.txt'), `s3cr3t-value`);
    await writeFile(path.join(d, 'log.txt'), `token s3cr3t-value and ${b64}\n`);
    await writeFile(path.join(d, 'marker.txt'), '1');
    const r = await runSidecar(
      {
        gcs_options: { bucket: storage.url, items: [path.join(d, 'artifacts')] },
        entries: [{ process_log: path.join(d, 'log.txt'), marker_file: path.join(d, 'marker.txt') }],
        censoring_options: { secret_directories: [path.join(d, 'secrets')], exclude_directories: ['keep.txt'] },
      },
      spec,
      storage,
    );
    expect(r).toMatchObject({ code: 1, passed: false, aborted: false });
    expect((await storage.read(`${dir}/build-log.txt`)).toString()).toBe('token CENSORED and CENSORED\n');
    expect((await storage.read(`${dir}/artifacts/sub/junit.xml`)).toString()).toBe('<x>CENSORED</x>');
    expect((await storage.read(`${dir}/artifacts/keep.txt`)).toString()).toBe('s3cr3t-value');
    const finished = JSON.parse((await storage.read(`${dir}/finished.json`)).toString()) as Record<string, unknown>;
    expect(finished).toMatchObject({ passed: false, result: 'FAILURE', revision: 'pull7' });
  });

  it('waits for the marker file', async () => {
    const d = await tmp();
    const storage = new FileStorage(path.join(d, 'bucket'));
    await writeFile(path.join(d, 'log.txt'), 'ok\n');
    const running = runSidecar(
      { gcs_options: { bucket: storage.url }, wrapper_options: { process_log: path.join(d, 'log.txt'), marker_file: path.join(d, 'marker.txt') } },
      { type: 'periodic', job: 'ci', buildid: '5' },
      storage,
      { pollMs: 20 },
    );
    setTimeout(() => void writeFile(path.join(d, 'marker.txt'), '0'), 100);
    const r = await running;
    expect(r.passed).toBe(true);
    expect(JSON.parse((await storage.read('logs/ci/5/finished.json')).toString())).toMatchObject({ passed: true, result: 'SUCCESS' });
    expect((await storage.read('logs/ci/latest-build.txt')).toString()).toBe('5');
  });
});
