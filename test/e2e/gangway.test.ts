// The gangway role (the Prow API) through the built binary: a gRPC client built from the service's protocol and
// plain HTTP/JSON calls create job executions of configured jobs, read and list them, and change their states in
// bulk; `gangway.allowed_api_clients` decides who may run what (by tenant), and bad requests get clear errors with
// nothing created.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import * as grpc from '@grpc/grpc-js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prowServiceDefinition } from '../../roles/gangway/grpc.js';
import { loadGangwayProto } from '../../roles/gangway/proto.js';
import type { ProwJob } from '../../src/api/prowjob.js';
import { FileProwJobStore, prowJobDir } from '../../src/store/index.js';
import { Prow } from './harness.js';

jest.setTimeout(90_000);

const SHA = 'a'.repeat(40);
const spec = { containers: [{ image: 'alpine', command: ['true'], env: [{ name: 'FROM_CONFIG', value: '1' }] }] };

describe('gangway', () => {
  let tmp: string;
  let dataDir: string;
  let prow: Prow | undefined;
  let client: grpc.Client & Record<string, (req: unknown, md: grpc.Metadata, cb: (err: grpc.ServiceError | null, res: Record<string, unknown>) => void) => void>;

  const call = (method: string, req: unknown, identity: Record<string, string> = { 'x-endpoint-api-consumer-type': 'PROJECT', 'x-endpoint-api-consumer-number': '111' }) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const md = new grpc.Metadata();
      for (const [k, v] of Object.entries(identity)) md.set(k, v);
      client[method](req, md, (err, res) => (err ? reject(err) : resolve(res)));
    });
  const http = (method: string, p: string, body?: unknown, headers: Record<string, string> = { 'x-endpoint-api-consumer-type': 'PROJECT', 'x-endpoint-api-consumer-number': '111' }) =>
    fetch(prow!.url('gangway-http-port', p), { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const jobs = async (): Promise<ProwJob[]> => {
    const store = await FileProwJobStore.open({ dir: prowJobDir(dataDir), namespace: 'default', pollIntervalMs: 0 });
    try {
      return await store.list();
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'e2e-gangway-'));
    dataDir = path.join(tmp, 'data');
    prow = await Prow.start({
      roles: ['gangway'],
      flags: { 'data-dir': dataDir },
      config: {
        prowjob_namespace: 'default',
        pod_namespace: 'test-pods',
        prowjob_default_entries: [{ cluster: '*', repo: 'acme/secret', config: { tenant_id: 'restricted' } }],
        gangway: {
          allowed_api_clients: [
            { gcp: { endpoint_api_consumer_type: 'PROJECT', endpoint_api_consumer_number: '111' }, allowed_jobs_filters: [{ tenant_id: 'GlobalDefaultID' }] },
            { gcp: { endpoint_api_consumer_type: 'PROJECT', endpoint_api_consumer_number: '222' }, allowed_jobs_filters: [{ tenant_id: 'restricted' }] },
          ],
        },
      },
      jobs: {
        'jobs.yaml': {
          periodics: [{ name: 'nightly', interval: '24h', labels: { team: 'infra' }, spec }],
          presubmits: { 'acme/widgets': [{ name: 'unit', always_run: true, spec }], 'acme/secret': [{ name: 'secret-unit', always_run: true, spec }] },
          postsubmits: { 'acme/widgets': [{ name: 'publish', branches: ['^main$'], spec }] },
        },
      },
    });
    const Client = grpc.makeGenericClientConstructor(prowServiceDefinition(loadGangwayProto()), 'Prow');
    client = new Client(`127.0.0.1:${prow.ports['gangway-port']}`, grpc.credentials.createInsecure()) as typeof client;
  });

  afterAll(async () => {
    client?.close();
    await prow?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('gRPC: creates a periodic with extra envs, labels and annotations, then reads it back', async () => {
    const res = await call('CreateJobExecution', {
      jobName: 'nightly', jobExecutionType: 'PERIODIC',
      podSpecOptions: { envs: { EXTRA: 'yes' }, labels: { requester: 'release-bot' }, annotations: { reason: 'manual run' } },
    });
    expect(res).toMatchObject({ jobName: 'nightly', jobType: 'PERIODIC', jobStatus: 'TRIGGERED' });
    const pj = (await jobs()).find((j) => j.metadata.name === res.id)!;
    expect(pj.spec).toMatchObject({ type: 'periodic', job: 'nightly' });
    expect(pj.metadata.labels).toMatchObject({ team: 'infra', requester: 'release-bot' });
    expect(pj.metadata.annotations).toMatchObject({ reason: 'manual run' });
    expect(pj.spec.pod_spec!.containers[0].env).toEqual([{ name: 'FROM_CONFIG', value: '1' }, { name: 'EXTRA', value: 'yes' }]);
    const got = await call('GetJobExecution', { id: res.id });
    expect(got).toMatchObject({ id: res.id, jobName: 'nightly', jobStatus: 'TRIGGERED' });
  });

  it('HTTP/JSON: creates a presubmit (snake_case accepted) and lists executions by job and status', async () => {
    const r = await http('POST', '/v1/executions', {
      job_name: 'unit', job_execution_type: 'PRESUBMIT',
      refs: { org: 'acme', repo: 'widgets', base_ref: 'main', base_sha: SHA, pulls: [{ number: 7, author: 'alice', sha: 'b'.repeat(40) }] },
    });
    expect(r.status).toBe(200);
    const created = (await r.json()) as Record<string, unknown>;
    expect(created).toMatchObject({ jobName: 'unit', jobType: 'PRESUBMIT', jobStatus: 'TRIGGERED', refs: { org: 'acme', baseSha: SHA } });
    const pj = (await jobs()).find((j) => j.metadata.name === created.id)!;
    expect(pj.spec.refs).toMatchObject({ org: 'acme', repo: 'widgets', base_ref: 'main', base_sha: SHA, pulls: [{ number: 7, author: 'alice', sha: 'b'.repeat(40) }] });
    expect(pj.metadata.labels).toMatchObject({ 'prow.k8s.io/refs.pull': '7', 'prow.k8s.io/type': 'presubmit' });

    const list = (await (await http('GET', '/v1/executions?job_name=unit&status=TRIGGERED')).json()) as { jobExecution: { id: string; createTime: string }[] };
    expect(list.jobExecution.map((e) => e.id)).toEqual([created.id]);
    expect(Date.parse(list.jobExecution[0].createTime)).not.toBeNaN();
    const none = (await (await http('GET', '/v1/executions?job_name=unit&status=SUCCESS')).json()) as { jobExecution?: unknown[] };
    expect(none.jobExecution ?? []).toEqual([]);
    const one = await http('GET', `/v1/executions/${String(created.id)}`);
    expect(((await one.json()) as { jobName: string }).jobName).toBe('unit');
    expect((await http('GET', '/v1/executions/no-such-job')).status).toBe(404);
  });

  it('authorization: an unknown client and a job of another tenant are refused, and nothing is created', async () => {
    const before = (await jobs()).length;
    const unknown = await http('POST', '/v1/executions', { jobName: 'nightly', jobExecutionType: 'PERIODIC' }, { 'x-endpoint-api-consumer-type': 'PROJECT', 'x-endpoint-api-consumer-number': '999' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { message: string }).message).toContain('could not find allowed client');
    const refs = { org: 'acme', repo: 'secret', baseRef: 'main', baseSha: SHA, pulls: [{ number: 1, author: 'a', sha: SHA }] };
    await expect(call('CreateJobExecution', { jobName: 'secret-unit', jobExecutionType: 'PRESUBMIT', refs })).rejects.toMatchObject({
      code: grpc.status.PERMISSION_DENIED, details: 'client is not authorized to execute the given job',
    });
    expect((await jobs()).length).toBe(before);
    const allowed = await call('CreateJobExecution', { jobName: 'secret-unit', jobExecutionType: 'PRESUBMIT', refs }, { 'x-endpoint-api-consumer-type': 'PROJECT', 'x-endpoint-api-consumer-number': '222' });
    expect(allowed.jobStatus).toBe('TRIGGERED');
  });

  it('bad requests get INVALID_ARGUMENT / 400 with the reason', async () => {
    await expect(call('CreateJobExecution', { jobName: '', jobExecutionType: 'PERIODIC' })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: 'job_name field cannot be empty' });
    await expect(call('CreateJobExecution', { jobName: 'nightly', jobExecutionType: 'PERIODIC', refs: { org: 'acme' } })).rejects.toMatchObject({ details: 'periodic jobs cannot also have gitRefs' });
    await expect(call('CreateJobExecution', { jobName: 'unit', jobExecutionType: 'PRESUBMIT', refs: { org: 'acme', repo: 'widgets', baseRef: 'main', baseSha: SHA, pulls: [{ number: 1, sha: 'nope' }] } }))
      .rejects.toMatchObject({ details: 'gitRefs: failed to validate: pull: invalid SHA: "nope"' });
    await expect(call('CreateJobExecution', { jobName: 'nope', jobExecutionType: 'PERIODIC' })).rejects.toMatchObject({ code: grpc.status.NOT_FOUND, details: 'failed to find associated periodic job "nope"' });
    const badEnum = await http('POST', '/v1/executions', { jobName: 'nightly', jobExecutionType: 'SOMETIMES' });
    expect(badEnum.status).toBe(400);
    expect(((await badEnum.json()) as { message: string }).message).toContain('jobExecutionType: must be one of');
    const badLabel = await http('POST', '/v1/executions', { jobName: 'nightly', jobExecutionType: 'PERIODIC', podSpecOptions: { labels: { who: 'not a label value!' } } });
    expect(badLabel.status).toBe(400);
    const notJson = await http('POST', '/v1/executions', '{nope');
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { message: string }).message).toContain('not valid JSON');
  });

  it('bulk status change moves matching jobs of the client\'s tenants, with a completion time', async () => {
    await call('CreateJobExecution', { jobName: 'publish', jobExecutionType: 'POSTSUBMIT', refs: { org: 'acme', repo: 'widgets', baseRef: 'main', baseSha: SHA } });
    const r = await http('POST', '/v1/bulk-job-status-update', { job_status_change: { current: 'TRIGGERED', desired: 'ABORTED' }, refs: { org: 'acme', repo: 'widgets' } });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { count: number; jobExecutions: { jobStatus: string }[] };
    expect(body.count).toBe(2);
    expect(body.jobExecutions.every((e) => e.jobStatus === 'ABORTED')).toBe(true);
    const after = await jobs();
    const widgets = after.filter((j) => j.spec.refs?.repo === 'widgets');
    expect(widgets.map((j) => j.status.state)).toEqual(['aborted', 'aborted']);
    expect(widgets.every((j) => j.status.completionTime)).toBe(true);
    expect(after.find((j) => j.spec.job === 'nightly')!.status.state).toBe('triggered');
    // The restricted tenant's job matches too, but client 111 may not touch it: an error names it.
    const denied = await http('POST', '/v1/bulk-job-status-update', { jobStatusChange: { current: 'TRIGGERED', desired: 'ABORTED' }, refs: { org: 'acme', repo: 'secret' } });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { message: string }).message).toContain('client is not authorized to modify the given job');
    expect((await jobs()).find((j) => j.spec.job === 'secret-unit')!.status.state).toBe('triggered');
  });
});

describe('gangway with --gangway-tokens-file', () => {
  let tmp: string;
  let prow: Prow | undefined;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'e2e-gangway-tokens-'));
    const tokens = path.join(tmp, 'tokens.yaml');
    writeFileSync(tokens, 'release-bot-token: "111"\n');
    prow = await Prow.start({
      roles: ['gangway'],
      flags: { 'data-dir': path.join(tmp, 'data'), 'gangway-tokens-file': tokens },
      config: {
        prowjob_namespace: 'default',
        gangway: { allowed_api_clients: [{ gcp: { endpoint_api_consumer_type: 'PROJECT', endpoint_api_consumer_number: '111' }, allowed_jobs_filters: [{ tenant_id: 'GlobalDefaultID' }] }] },
      },
      jobs: { 'jobs.yaml': { periodics: [{ name: 'nightly', interval: '24h', spec }] } },
    });
  });

  afterAll(async () => {
    await prow?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('requires a known bearer token and ignores identity headers a caller sends', async () => {
    const post = (headers: Record<string, string>) => fetch(prow!.url('gangway-http-port', '/v1/executions'), {
      method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ jobName: 'nightly', jobExecutionType: 'PERIODIC' }),
    });
    const spoofed = await post({ 'x-endpoint-api-consumer-type': 'PROJECT', 'x-endpoint-api-consumer-number': '111' });
    expect(spoofed.status).toBe(401);
    expect((await post({ authorization: 'Bearer wrong' })).status).toBe(401);
    const ok = await post({ authorization: 'Bearer release-bot-token' });
    expect(ok.status).toBe(200);
  });
});
