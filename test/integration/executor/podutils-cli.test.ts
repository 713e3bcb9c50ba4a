// The pod-utility subcommands of the built binary, chained as a decorated Pod chains them: clonerefs,
// initupload, entrypoint, sidecar; and mkpod printing a Pod.
import { describe, it, expect, afterEach } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseConfigYaml, toYaml } from '../../../src/config/yaml.js';
import type { V1Pod } from '@kubernetes/client-node';
import { makeOrigin } from '../../unit/executor/git-fixture.js';
import { tempDir } from './harness.js';

const MAIN = path.resolve('dist/src/cli/main.js');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function prow(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('pod-utility subcommands', () => {
  it('clone, record the start, run and upload like a decorated Pod', async () => {
    const origin = await makeOrigin({ 3: 'three.txt' });
    const t = await tempDir('podutils-cli-');
    cleanups.push(origin.cleanup, t.cleanup);
    const refs = { org: 'o', repo: 'r', base_ref: 'main', base_sha: origin.baseSha, clone_uri: origin.bare, pulls: [{ number: 3, author: 'a', sha: origin.pulls[3] }] };
    const logs = path.join(t.dir, 'logs');
    const bucket = `file://${path.join(t.dir, 'bucket')}`;
    const jobSpec = JSON.stringify({ type: 'presubmit', job: 'pull-cli', buildid: '77', prowjobid: 'id', refs });

    const clone = await prow(['clonerefs'], { CLONEREFS_OPTIONS: JSON.stringify({ src_root: path.join(t.dir, 'go'), log: path.join(logs, 'clone.json'), refs: [refs] }) });
    expect(clone.code).toBe(0);
    expect(await readFile(path.join(t.dir, 'go/src/github.com/o/r/three.txt'), 'utf8')).toBe('pull 3\n');

    const init = await prow(['initupload'], { JOB_SPEC: jobSpec, INITUPLOAD_OPTIONS: JSON.stringify({ bucket, log: path.join(logs, 'clone.json') }) });
    expect(init.code).toBe(0);
    const dir = path.join(t.dir, 'bucket/pr-logs/pull/o_r/3/pull-cli/77');
    expect(JSON.parse(await readFile(path.join(dir, 'started.json'), 'utf8'))).toMatchObject({ pull: '3' });

    const run = await prow(['entrypoint', '--process-log', path.join(logs, 'process-log.txt'), '--marker-file', path.join(logs, 'marker-file.txt'), '--timeout', '1m', '--', 'sh', '-c', 'echo from the test; exit 3']);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('from the test');
    expect(await readFile(path.join(logs, 'marker-file.txt'), 'utf8')).toBe('3');

    const side = await prow(['sidecar'], {
      JOB_SPEC: jobSpec,
      SIDECAR_OPTIONS: JSON.stringify({ gcs_options: { bucket }, entries: [{ process_log: path.join(logs, 'process-log.txt'), marker_file: path.join(logs, 'marker-file.txt') }] }),
    });
    expect(side.code).toBe(3);
    expect(await readFile(path.join(dir, 'build-log.txt'), 'utf8')).toContain('from the test');
    expect(JSON.parse(await readFile(path.join(dir, 'finished.json'), 'utf8'))).toMatchObject({ passed: false, result: 'FAILURE' });
  });

  it('clonerefs takes upstream flags, and reports bad options clearly', async () => {
    const origin = await makeOrigin();
    const t = await tempDir('clonerefs-cli-');
    cleanups.push(origin.cleanup, t.cleanup);
    // Flags have no clone_uri: point github.com's URL for o/r at the local origin through git's own config.
    const viaOrigin = { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: `url.${origin.bare}.insteadOf`, GIT_CONFIG_VALUE_0: 'https://github.com/o/r.git' };
    const r = await prow(['clonerefs', '--src-root', path.join(t.dir, 'go'), '--log', path.join(t.dir, 'clone.json'), '--repo', `o,r=main:${origin.baseSha}`], viaOrigin);
    expect(r.code).toBe(0);
    const records = JSON.parse(await readFile(path.join(t.dir, 'clone.json'), 'utf8')) as { refs: { base_sha: string }; failed: boolean; final_sha: string }[];
    expect(records[0]).toMatchObject({ failed: false, final_sha: origin.baseSha });
    // A ref that cannot be fetched is recorded as failed, and clonerefs still exits 0 (unless --fail).
    const missing = await prow(['clonerefs', '--src-root', path.join(t.dir, 'go2'), '--log', path.join(t.dir, 'clone2.json'), '--repo', 'o,r=no-such-branch', '--fail'], viaOrigin);
    expect(missing.code).toBe(1);
    expect((JSON.parse(await readFile(path.join(t.dir, 'clone2.json'), 'utf8')) as { failed: boolean }[])[0].failed).toBe(true);
    const bad = await prow(['entrypoint'], { ENTRYPOINT_OPTIONS: '{not json' });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('$ENTRYPOINT_OPTIONS is not valid JSON');
  });

  it('mkpod prints the decorated Pod of a ProwJob', async () => {
    const t = await tempDir('mkpod-');
    cleanups.push(t.cleanup);
    const file = path.join(t.dir, 'pj.yaml');
    await writeFile(file, toYaml({
      apiVersion: 'prow.k8s.io/v1',
      kind: 'ProwJob',
      metadata: { name: 'abc' },
      spec: { type: 'periodic', job: 'ci-x', decoration_config: { utility_images: { clonerefs: 'c', initupload: 'i', entrypoint: 'e', sidecar: 's' }, gcs_configuration: { bucket: 'b' } }, pod_spec: { containers: [{ image: 'alpine', command: ['echo'] }] } },
      status: {},
    }));
    const r = await prow(['mkpod', '--prow-job', file, '--build-id', '42']);
    expect(r.code).toBe(0);
    const pod = parseConfigYaml(r.stdout) as V1Pod;
    expect(pod.metadata?.labels?.['prow.k8s.io/build-id']).toBe('42');
    expect(pod.spec?.initContainers?.map((c) => c.name)).toEqual(['initupload', 'place-entrypoint']);
    expect(pod.spec?.containers.map((c) => c.name)).toEqual(['test', 'sidecar']);
  });
});
