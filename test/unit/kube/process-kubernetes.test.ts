// startProcess with --prowjob-store=kubernetes: the store is the CRD in prowjob_namespace and a singleton role
// starts only once it holds its Lease there.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { FakeKubeApiServer, LEASES, PROWJOBS } from '../../fakes/kube/server.js';
import { startProcess } from '../../../src/runtime/process.js';
import { Flags } from '../../../src/runtime/flags.js';
import type { Role, RoleContext } from '../../../src/runtime/role.js';
import { leaseName } from '../../../src/kube/lease.js';
import { sampleJob } from '../store/contract.js';

describe('a process with the kubernetes store', () => {
  let fake: FakeKubeApiServer;
  let dir: string;
  beforeEach(async () => {
    fake = await FakeKubeApiServer.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prow-proc-kube-'));
  });
  afterEach(async () => {
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps ProwJobs in prowjob_namespace and holds a Lease for a singleton role', async () => {
    fs.writeFileSync(path.join(dir, 'config.yaml'), 'prowjob_namespace: prow-jobs\n');
    fs.writeFileSync(path.join(dir, 'kubeconfig'), fake.kubeconfigYaml());
    let seen: RoleContext | undefined;
    const role: Role = {
      name: 'solo',
      description: 'a singleton for the test',
      flags: [],
      singleton: true,
      start: async (ctx) => {
        seen = ctx;
        return { stop: async () => {} };
      },
    };
    const flags = new Flags({
      'data-dir': path.join(dir, 'data'), 'health-port': 0, 'metrics-port': 0, 'grace-period': '2s', 'log-level': 'error',
      'config-path': path.join(dir, 'config.yaml'), 'prowjob-store': 'kubernetes', kubeconfig: path.join(dir, 'kubeconfig'),
      'no-in-cluster-config': true,
    });
    const running = await startProcess([role], flags, { logStream: new PassThrough() });
    try {
      expect(seen).toBeDefined();
      expect(seen!.store.namespace).toBe('prow-jobs');
      await seen!.store.create(sampleJob('via-process'));
      expect(fake.stored(PROWJOBS, 'prow-jobs', 'via-process')).toBeDefined();
      expect(fake.stored(LEASES, 'prow-jobs', leaseName('solo'))?.spec).toMatchObject({ holderIdentity: expect.any(String) });
    } finally {
      await running.stop();
    }
    // Released at shutdown so a successor does not wait for expiry.
    expect(fake.stored(LEASES, 'prow-jobs', leaseName('solo'))?.spec).toMatchObject({ holderIdentity: '' });
  });
});
