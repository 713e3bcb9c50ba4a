// The controller-manager (the built `prow` binary, --job-executor=kubernetes) on a real API server: decorated Pods
// in the build cluster's pod_namespace pass admission and validation, kube-scheduler puts them on the kwok node,
// kwok drives them to success or failure, and the ProwJob follows; max_concurrency, pod timeouts, abort, and
// picking running jobs up again after a restart.
import { afterAll, afterEach, beforeAll, expect, it, jest } from '@jest/globals';
import { appendFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CoreV1Api, CustomObjectsApi, type V1Pod } from '@kubernetes/client-node';
import type { ProwJob, ProwJobSpec } from '../../src/api/prowjob.js';
import { newProwJob } from '../../src/api/create.js';
import { KubernetesProwJobStore } from '../../src/store/kubernetes.js';
import { updateWithRetry } from '../../src/store/retry.js';
import { Prow, type ProwOptions } from '../e2e/harness.js';
import { createNamespace, deleteNamespace, describeKube, kubeConfigFor, kubeconfigYaml, uniqueName } from './cluster.js';

const images = { clonerefs: 'gcr.io/k8s-prow/clonerefs:v1', initupload: 'gcr.io/k8s-prow/initupload:v1', entrypoint: 'gcr.io/k8s-prow/entrypoint:v1', sidecar: 'gcr.io/k8s-prow/sidecar:v1' };

describeKube('controller-manager with --job-executor=kubernetes on a real API server', () => {
  jest.setTimeout(240_000);
  let pjNs: string;
  let podNs: string;
  let dir: string;
  let kubeconfig: string;
  let store: KubernetesProwJobStore;
  let pods: CoreV1Api;
  const running: Prow[] = [];

  beforeAll(async () => {
    pjNs = uniqueName('cm-prow');
    podNs = uniqueName('cm-pods');
    await createNamespace(pjNs);
    await createNamespace(podNs);
    dir = await mkdtemp(path.join(os.tmpdir(), 'prow-kube-cm-'));
    // The infrastructure context (ProwJobs, Leases) and a build cluster context, as a real deployment has.
    kubeconfig = path.join(dir, 'kubeconfig');
    await writeFile(kubeconfig, kubeconfigYaml({ contexts: { prow: pjNs, build: podNs } }));
    store = new KubernetesProwJobStore({ kubeConfig: kubeConfigFor({ contexts: { prow: pjNs } }), namespace: pjNs });
    pods = kubeConfigFor({ contexts: { build: podNs } }).makeApiClient(CoreV1Api);
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((p) => p.stop()));
  });
  afterAll(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
    await deleteNamespace(pjNs);
    await deleteNamespace(podNs);
  });

  function controllerManager(plank: Record<string, unknown> = {}, extra: Partial<ProwOptions> = {}): Promise<Prow> {
    return Prow.start({
      roles: ['controller-manager'],
      config: {
        prowjob_namespace: pjNs,
        pod_namespace: podNs,
        plank: { job_url_prefix_config: { '*': 'https://prow.example.com/view/' }, ...plank },
      },
      flags: { 'prowjob-store': 'kubernetes', 'job-executor': 'kubernetes', kubeconfig, 'resync-period': '1s' },
      readyTimeoutMs: 120_000,
      ...extra,
    }).then((p) => {
      running.push(p);
      return p;
    });
  }

  /** A decorated presubmit for the build cluster; `result` becomes the label kwok's stages finish the Pod by. */
  function job(name: string, labels: Record<string, string> = {}, spec: Partial<ProwJobSpec> = {}): ProwJob {
    return newProwJob({
      type: 'presubmit',
      agent: 'kubernetes',
      cluster: 'build',
      job: name,
      context: name,
      rerun_command: `/test ${name}`,
      report: true,
      refs: { org: 'org', repo: 'repo', repo_link: 'https://github.com/org/repo', base_ref: 'main', base_sha: 'abc123', pulls: [{ number: 7, author: 'alice', sha: 'def456' }] },
      decoration_config: {
        timeout: '2h',
        grace_period: '15s',
        utility_images: images,
        gcs_configuration: { bucket: 'prow-artifacts', path_strategy: 'explicit' },
        gcs_credentials_secret: 'gcs-credentials',
      },
      pod_spec: { containers: [{ name: 'test', image: 'golang:1.22', command: ['make'], args: ['test'], resources: { requests: { cpu: '100m' } } }] },
      ...spec,
    }, { labels });
  }

  async function waitJob(name: string, what: string, pred: (pj: ProwJob) => boolean, timeoutMs = 90_000): Promise<ProwJob> {
    const deadline = Date.now() + timeoutMs;
    let last: ProwJob | undefined;
    for (;;) {
      last = await store.get(name);
      if (pred(last)) return last;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; job is ${JSON.stringify(last.status)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function pod(name: string): Promise<V1Pod | undefined> {
    try {
      return await pods.readNamespacedPod({ name, namespace: podNs });
    } catch (e) {
      if ((e as { code?: number }).code === 404) return undefined;
      throw e;
    }
  }

  async function waitPod(name: string, what: string, pred: (p: V1Pod | undefined) => boolean, timeoutMs = 90_000): Promise<V1Pod | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const p = await pod(name);
      if (pred(p)) return p;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; pod is ${JSON.stringify(p?.status)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** What a test does to a running Pod to end it: kwok's stages finish Pods with this label. */
  async function finishPod(name: string, result: 'success' | 'failure'): Promise<void> {
    await pods.patchNamespacedPod({ name, namespace: podNs, body: [{ op: 'add', path: '/metadata/labels/kwok.prow.test~1result', value: result }] });
  }

  it('runs a decorated presubmit as a Pod on the kwok node: success and failure, with URL and timestamps', async () => {
    await controllerManager();
    const ok = await store.create(job('unit', { 'kwok.prow.test/result': 'success' }));
    const bad = await store.create(job('lint', { 'kwok.prow.test/result': 'failure' }));

    const done = await waitJob(ok.metadata.name, 'unit to succeed', (pj) => pj.status.state === 'success');
    expect(done.status).toMatchObject({ pod_name: ok.metadata.name, description: 'Job succeeded.', build_id: expect.stringMatching(/^\d+$/) });
    expect(done.status.pendingTime).toBeTruthy();
    expect(new Date(done.status.completionTime!).getTime()).toBeGreaterThanOrEqual(new Date(done.status.pendingTime!).getTime());
    expect(done.status.url).toBe(`https://prow.example.com/view/gs/prow-artifacts/pr-logs/pull/org_repo/7/unit/${done.status.build_id}`);

    // The Pod upstream's plank would create, as the real API server stored it after admission, on the kwok node.
    const p = (await pod(ok.metadata.name))!;
    expect(p.spec!.nodeName).toBe('kwok-node-0');
    expect(p.spec!.initContainers!.map((c) => c.name)).toEqual(['clonerefs', 'initupload', 'place-entrypoint']);
    expect(p.spec!.containers.map((c) => c.name)).toEqual(['test', 'sidecar']);
    expect(p.metadata!.labels).toMatchObject({ 'created-by-prow': 'true', 'prow.k8s.io/id': ok.metadata.name, 'prow.k8s.io/job': 'unit' });
    expect(p.status!.phase).toBe('Succeeded');

    const failed = await waitJob(bad.metadata.name, 'lint to fail', (pj) => pj.status.state === 'failure');
    expect(failed.status.description).toBe('Job failed.');
    expect((await pod(bad.metadata.name))!.status!.phase).toBe('Failed');
  });

  it('keeps max_concurrency: the second run waits until the first finishes', async () => {
    await controllerManager();
    const first = await store.create(job('serial', {}, { max_concurrency: 1 }));
    await waitPod(first.metadata.name, 'the first Pod to run', (p) => p?.status?.phase === 'Running');
    const second = await store.create(job('serial', {}, { max_concurrency: 1 }));
    await waitJob(first.metadata.name, 'first pending', (pj) => pj.status.state === 'pending');
    // Give the controller several resyncs to (wrongly) start it; it must stay triggered with no Pod.
    await new Promise((r) => setTimeout(r, 3_000));
    expect((await store.get(second.metadata.name)).status.state).toBe('triggered');
    expect(await pod(second.metadata.name)).toBeUndefined();

    await finishPod(first.metadata.name, 'success');
    await waitJob(first.metadata.name, 'first to succeed', (pj) => pj.status.state === 'success');
    await waitPod(second.metadata.name, 'the second Pod to run', (p) => p?.status?.phase === 'Running');
    await finishPod(second.metadata.name, 'success');
    await waitJob(second.metadata.name, 'second to succeed', (pj) => pj.status.state === 'success');
  });

  it('aborting a running job deletes its Pod', async () => {
    await controllerManager();
    const pj = await store.create(job('abort-me'));
    await waitPod(pj.metadata.name, 'the Pod to run', (p) => p?.status?.phase === 'Running');
    await updateWithRetry(store, pj.metadata.name, (cur) => {
      cur.status.state = 'aborted';
      cur.status.description = 'Aborted by a test.';
    });
    await waitPod(pj.metadata.name, 'the Pod to be deleted', (p) => p === undefined);
    expect((await store.get(pj.metadata.name)).status.state).toBe('aborted');
  });

  it('picks up its running job again after a restart, without a second Pod', async () => {
    const cm = await controllerManager();
    const pj = await store.create(job('survivor'));
    const p = await waitPod(pj.metadata.name, 'the Pod to run', (x) => x?.status?.phase === 'Running');
    await waitJob(pj.metadata.name, 'pending', (j) => j.status.state === 'pending');
    expect((await cm.stop()).code).toBe(0);
    running.splice(running.indexOf(cm), 1);

    // While no controller runs, the Pod finishes.
    await finishPod(pj.metadata.name, 'success');
    await waitPod(pj.metadata.name, 'the Pod to succeed', (x) => x?.status?.phase === 'Succeeded');
    await controllerManager();
    const done = await waitJob(pj.metadata.name, 'success after the restart', (j) => j.status.state === 'success');
    expect(done.status.pod_name).toBe(pj.metadata.name);
    expect((await pod(pj.metadata.name))!.metadata!.uid).toBe(p!.metadata!.uid);
  });

  it('ends Pods pending or running too long (pod_pending_timeout, pod_running_timeout)', async () => {
    await controllerManager({ pod_pending_timeout: '3s', pod_running_timeout: '4s' });
    const stuck = await store.create(job('stuck', { 'kwok.prow.test/hold': 'true' }));
    const forever = await store.create(job('forever'));
    const s = await waitJob(stuck.metadata.name, 'pending timeout', (pj) => pj.status.state === 'error');
    expect(s.status.description).toBe('Pod pending timeout.');
    const f = await waitJob(forever.metadata.name, 'running timeout', (pj) => pj.status.state === 'aborted');
    expect(f.status.description).toBe('Pod running timeout.');
    await waitPod(forever.metadata.name, 'the timed-out Pod to be deleted', (p) => p === undefined);
  });

  it('Deck streams the log of a running job from its Pod', async () => {
    const prow = await controllerManager({}, { roles: ['controller-manager', 'deck'] });
    const pj = await store.create(job('live'));
    await waitPod(pj.metadata.name, 'the Pod to run', (p) => p?.status?.phase === 'Running');
    const { build_id: buildId } = (await waitJob(pj.metadata.name, 'pending', (j) => j.status.state === 'pending')).status;
    // kwok (the kubelet here) serves a container's log from the file a Logs object names, in the CRI log format
    // a kubelet reads from the container runtime.
    const cri = (line: string): string => `${new Date().toISOString()} stdout F ${line}\n`;
    const logFile = path.join(dir, `${pj.metadata.name}.log`);
    await writeFile(logFile, cri('first line from the pod'));
    await kubeConfigFor({ contexts: { build: podNs } }).makeApiClient(CustomObjectsApi).createNamespacedCustomObject({
      group: 'kwok.x-k8s.io', version: 'v1alpha1', namespace: podNs, plural: 'logs',
      body: { apiVersion: 'kwok.x-k8s.io/v1alpha1', kind: 'Logs', metadata: { name: pj.metadata.name }, spec: { logs: [{ containers: ['test'], logsFile: logFile, follow: true }] } },
    });

    const ac = new AbortController();
    try {
      let text = '';
      const deadline = Date.now() + 60_000;
      let body: ReadableStreamDefaultReader<Uint8Array> | undefined;
      while (!body) {
        const res = await fetch(prow.url('deck-port', `/log?job=live&id=${buildId}`), { signal: ac.signal });
        if (res.status === 200) {
          body = res.body!.getReader();
          break;
        }
        const answer = await res.text();
        if (Date.now() > deadline) throw new Error(`deck never served the Pod log: HTTP ${res.status}: ${answer}\n${prow.logTail()}`);
        await new Promise((r) => setTimeout(r, 500));
      }
      const readUntil = async (needle: string): Promise<void> => {
        while (!text.includes(needle)) {
          const { value, done: end } = await body!.read();
          if (end) throw new Error(`the log ended before "${needle}"; got: ${text}`);
          text += Buffer.from(value).toString('utf8');
        }
      };
      await readUntil('first line from the pod');
      // Followed while the job runs: a line written now arrives on the same response.
      await appendFile(logFile, cri('second line, later'));
      await readUntil('second line, later');
    } finally {
      ac.abort();
    }
    await finishPod(pj.metadata.name, 'success');
    await waitJob(pj.metadata.name, 'success', (j) => j.status.state === 'success');
  });

  it('sinker deletes old finished ProwJobs and the Pods of finished jobs, never a running one', async () => {
    await controllerManager();
    const old = await store.create(job('old', { 'kwok.prow.test/result': 'success' }));
    const recent = await store.create(job('recent', { 'kwok.prow.test/result': 'success' }));
    const live = await store.create(job('still-running'));
    await waitJob(old.metadata.name, 'old to succeed', (j) => j.status.state === 'success');
    await waitJob(recent.metadata.name, 'recent to succeed', (j) => j.status.state === 'success');
    await waitPod(live.metadata.name, 'the live Pod to run', (p) => p?.status?.phase === 'Running');
    // As if `old` had run two days ago.
    await updateWithRetry(store, old.metadata.name, (cur) => {
      cur.status.startTime = new Date(Date.now() - 2 * 24 * 3_600_000).toISOString();
    });

    const sinker = await Prow.start({
      roles: ['sinker'],
      config: { prowjob_namespace: pjNs, pod_namespace: podNs, sinker: { resync_period: '1s', max_prowjob_age: '24h', max_pod_age: '24h', terminated_pod_ttl: '2s' } },
      flags: { 'prowjob-store': 'kubernetes', kubeconfig },
      readyTimeoutMs: 120_000,
    });
    running.push(sinker);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const gone = await store.get(old.metadata.name).then(() => false, () => true);
      if (gone) break;
      if (Date.now() > deadline) throw new Error(`sinker did not delete the old ProwJob:\n${sinker.logTail()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await waitPod(old.metadata.name, 'the old Pod to be deleted', (p) => p === undefined);
    await waitPod(recent.metadata.name, 'the finished Pod past terminated_pod_ttl to be deleted', (p) => p === undefined);
    expect((await store.get(recent.metadata.name)).status.state).toBe('success');
    expect((await pod(live.metadata.name))?.status?.phase).toBe('Running');
    expect((await store.get(live.metadata.name)).status.state).toBe('pending');
    await finishPod(live.metadata.name, 'success');
    await waitJob(live.metadata.name, 'the live job to succeed', (j) => j.status.state === 'success');
  });
});
