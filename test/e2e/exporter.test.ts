// The exporter role through the built binary: prow_job_labels, prow_job_annotations (one series per ProwJob, value
// 1) and prow_job_runtime_seconds for finished jobs, read from the ProwJob store at scrape time.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newPeriodic } from '../../src/api/create.js';
import type { Periodic } from '../../src/config/types.js';
import { FileProwJobStore, prowJobDir } from '../../src/store/index.js';
import { done, Prow, seen, waitFor } from './harness.js';

jest.setTimeout(60_000);

describe('exporter', () => {
  let tmp: string;
  let dataDir: string;
  let prow: Prow | undefined;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'e2e-exporter-'));
    dataDir = path.join(tmp, 'data');
    const store = await FileProwJobStore.open({ dir: prowJobDir(dataDir), namespace: 'default', pollIntervalMs: 0 });
    const periodic = { name: 'nightly', interval: '24h', labels: { 'team.example.com/owner': 'infra' }, annotations: { 'testgrid-dashboards': 'sig-infra' }, spec: { containers: [{ image: 'alpine' }] } } as unknown as Periodic;
    const finished = newPeriodic(periodic, { name: 'finished-run', now: new Date('2026-01-01T00:00:00Z') });
    finished.metadata.namespace = 'default';
    finished.metadata.labels = { ...finished.metadata.labels, run: 'finished' };
    finished.status = { ...finished.status, state: 'success', completionTime: '2026-01-01T00:10:00Z' };
    await store.create(finished);
    const running = newPeriodic(periodic, { name: 'running-run' });
    running.metadata.namespace = 'default';
    await store.create(running);
    await store.close();
  });

  afterAll(async () => {
    await prow?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('exposes the ProwJob metrics', async () => {
    prow = await Prow.start({ roles: ['exporter'], flags: { 'data-dir': dataDir } });
    const text = await waitFor('the exporter metrics', async () => {
      const body = await (await fetch(prow!.url('metrics-port', '/metrics'))).text();
      return body.includes('prow_job_runtime_seconds_count') ? done(body) : seen(body.slice(0, 300));
    });
    const lines = text.split('\n');
    const labels = lines.filter((l) => l.startsWith('prow_job_labels{'));
    expect(labels).toHaveLength(2);
    expect(labels.find((l) => l.includes('label_run="finished"'))).toMatch(/job_name="nightly".*label_team_example_com_owner="infra".* 1$/);
    expect(lines.filter((l) => l.startsWith('prow_job_annotations{') && l.includes('annotation_testgrid_dashboards="sig-infra"'))).toHaveLength(2);
    expect(text).toContain('# TYPE prow_job_runtime_seconds histogram');
    expect(lines.find((l) => l.startsWith('prow_job_runtime_seconds_sum{'))).toMatch(/job_name="nightly".*type="periodic".*state="success".* 600$/);
    expect(lines.find((l) => l.startsWith('prow_job_runtime_seconds_bucket{') && l.includes('le="600"'))).toMatch(/ 1$/);
    expect(lines.find((l) => l.startsWith('prow_job_runtime_seconds_bucket{') && l.includes('le="300"'))).toMatch(/ 0$/);
  });
});
