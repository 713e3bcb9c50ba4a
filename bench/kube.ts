// 1,000 ProwJobs through a real kube-apiserver (test/kube/cluster.sh: etcd, kube-apiserver, kube-scheduler,
// kwok): create rate, watch latency (create answered → event seen by an informer) p50/p99, Pods the
// controller-manager creates per second (decorated Pods, admitted and scheduled onto the kwok node, run to
// success by kwok), and the RSS of each role as its own process under that load. Prints figures;
// run with `npm run build && node dist/bench/kube.js [jobs]`. Needs the binaries cluster.sh builds.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { newProwJob } from '../src/api/create.js';
import type { ProwJob } from '../src/api/prowjob.js';
import { KubernetesProwJobStore } from '../src/store/kubernetes.js';
import { kubeconfigFor, REPO_ROOT, startCluster, stopCluster, type TestCluster } from '../test/support/kube-cluster.js';
import { freePort } from '../test/support/free-port.js';

const JOBS = Number(process.argv[2] ?? 1_000);
const CONCURRENCY = 16;
const ROLES = ['hook', 'controller-manager', 'crier', 'horologium', 'sinker', 'deck'];

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}


function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

function job(i: number): ProwJob {
  return newProwJob({
    type: 'presubmit', agent: 'kubernetes', cluster: 'build', job: `pull-bench-${i % 40}`, context: `bench-${i % 40}`,
    rerun_command: `/test bench-${i % 40}`, report: true,
    refs: { org: 'bench-org', repo: 'bench-repo', base_ref: 'main', base_sha: 'a'.repeat(40), pulls: [{ number: 1000 + (i % 500), author: 'alice', sha: 'b'.repeat(40) }] },
    decoration_config: {
      timeout: '2h', grace_period: '15s',
      utility_images: { clonerefs: 'clonerefs:v1', initupload: 'initupload:v1', entrypoint: 'entrypoint:v1', sidecar: 'sidecar:v1' },
      gcs_configuration: { bucket: 'gs://bench-bucket', path_strategy: 'explicit' },
      gcs_credentials_secret: 'gcs-credentials',
    },
    pod_spec: { containers: [{ name: 'test', image: 'golang:1.22', command: ['make'], args: ['test'] }] },
  }, { labels: { 'kwok.prow.test/result': 'success' } });
}

async function main(): Promise<void> {
  const state = mkdtempSync(path.join(os.tmpdir(), 'prow-bench-kube-'));
  const procs: ChildProcess[] = [];
  let cluster: TestCluster | undefined;
  try {
    const t0 = Date.now();
    const started = await startCluster(state);
    if ('unavailable' in started) {
      console.log(`kube bench skipped: ${started.unavailable}`);
      return;
    }
    cluster = started.cluster;
    console.log(`control plane up in ${((Date.now() - t0) / 1000).toFixed(1)} s (etcd, kube-apiserver, kube-scheduler, kwok)`);
    const ns = 'bench-prow';
    const podNs = 'bench-pods';
    const kcText = kubeconfigFor(cluster, { contexts: { prow: ns, build: podNs } });
    const kc = new KubeConfig();
    kc.loadFromString(kcText);
    const core = kc.makeApiClient(CoreV1Api);
    for (const n of [ns, podNs]) {
      await core.createNamespace({ body: { metadata: { name: n } } });
      await core.createNamespacedServiceAccount({ namespace: n, body: { metadata: { name: 'default' } } });
    }
    const store = new KubernetesProwJobStore({ kubeConfig: kc, namespace: ns });

    // Create rate and watch latency: an informer sees each job; latency = event seen − create answered.
    const answered = new Map<string, number>();
    const latencies: number[] = [];
    const watch = store.watch({}, (ev) => {
      if (ev.type !== 'ADDED') return;
      const at = answered.get(ev.object.metadata.name);
      if (at !== undefined) latencies.push(Date.now() - at);
      else answered.set(ev.object.metadata.name, -Date.now()); // seen before its create answered
    });
    await new Promise((r) => setTimeout(r, 500));
    const jobs = Array.from({ length: JOBS }, (_, i) => job(i));
    let next = 0;
    const createStart = Date.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs.length) {
        const pj = jobs[next++]!;
        await store.create(pj);
        const early = answered.get(pj.metadata.name);
        if (early !== undefined && early < 0) latencies.push(0);
        else answered.set(pj.metadata.name, Date.now());
      }
    }));
    const createSecs = (Date.now() - createStart) / 1000;
    while (latencies.length < JOBS) await new Promise((r) => setTimeout(r, 50));
    watch.stop();
    latencies.sort((a, b) => a - b);
    console.log(`create: ${JOBS} ProwJobs in ${createSecs.toFixed(2)} s = ${(JOBS / createSecs).toFixed(0)}/s (${CONCURRENCY} concurrent)`);
    console.log(`watch latency (create answered → informer event): p50 ${pct(latencies, 50)} ms, p99 ${pct(latencies, 99)} ms`);

    // Every role as its own process on this store; the controller-manager runs the 1,000 jobs as Pods.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'prow-bench-kube-cfg-'));
    writeFileSync(path.join(dir, 'kubeconfig'), kcText);
    writeFileSync(path.join(dir, 'hmac'), 'bench-hmac-secret');
    writeFileSync(path.join(dir, 'config.yaml'), JSON.stringify({ prowjob_namespace: ns, pod_namespace: podNs, sinker: { resync_period: '1h' } }));
    const pids = new Map<string, number>();
    const cmStart = Date.now();
    for (const role of ROLES) {
      const args = [path.join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js'), `--role=${role}`, '--prowjob-store=kubernetes', `--kubeconfig=${path.join(dir, 'kubeconfig')}`,
        `--config-path=${path.join(dir, 'config.yaml')}`, `--data-dir=${path.join(dir, `data-${role}`)}`, '--log-level=error'];
      for (const flag of ['health-port', 'metrics-port']) args.push(`--${flag}=${await freePort()}`);
      if (role === 'controller-manager') args.push('--job-executor=kubernetes');
      if (role === 'hook') args.push(`--hook-port=${await freePort()}`, `--hmac-secret-file=${path.join(dir, 'hmac')}`);
      if (role === 'deck') args.push(`--deck-port=${await freePort()}`);
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
      procs.push(child);
      pids.set(role, child.pid!);
    }
    const podsApi = new KubeConfig();
    podsApi.loadFromString(kubeconfigFor(cluster, { contexts: { build: podNs } }));
    const pods = podsApi.makeApiClient(CoreV1Api);
    let podCount = 0;
    const peak = new Map<string, number>();
    while (podCount < JOBS) {
      await new Promise((r) => setTimeout(r, 1000));
      podCount = (await pods.listNamespacedPod({ namespace: podNs })).items.length;
      for (const [role, pid] of pids) peak.set(role, Math.max(peak.get(role) ?? 0, rssMiB(pid)));
      if (Date.now() - cmStart > 600_000) throw new Error(`only ${podCount} Pods after 10 minutes`);
    }
    const podSecs = (Date.now() - cmStart) / 1000;
    console.log(`controller-manager: ${JOBS} decorated Pods created in ${podSecs.toFixed(1)} s = ${(JOBS / podSecs).toFixed(1)} Pods/s (from process start)`);
    const done = Date.now();
    for (;;) {
      const finished = (await store.list()).filter((j) => j.status.state === 'success').length;
      for (const [role, pid] of pids) peak.set(role, Math.max(peak.get(role) ?? 0, rssMiB(pid)));
      if (finished >= JOBS) break;
      if (Date.now() - done > 600_000) throw new Error(`only ${finished} jobs succeeded`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    console.log(`all ${JOBS} jobs success ${((Date.now() - cmStart) / 1000).toFixed(1)} s after the controller-manager started`);
    console.log(`peak RSS per role (MiB, ${JOBS} ProwJobs in the store): ${[...peak].map(([r, m]) => `${r} ${m.toFixed(0)}`).join(', ')}`);
    await store.close();
    // The roles watch their config files: stop them before the files go.
    await stopRoles(procs);
    rmSync(dir, { recursive: true, force: true });
  } finally {
    await stopRoles(procs);
    await stopCluster(state);
    rmSync(state, { recursive: true, force: true });
  }
}

/** SIGTERM to every role process, resolved once each has exited. */
async function stopRoles(procs: ChildProcess[]): Promise<void> {
  await Promise.all(procs.map((p) => (p.exitCode !== null || p.signalCode !== null
    ? undefined
    : new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGTERM');
    }))));
}

await main();
