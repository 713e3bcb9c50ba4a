// Smoke: the built binary starts every role, reports ready, serves health and metrics, and exits 0 on SIGTERM.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeGitHub } from '../fakes/github/index.js';
import { Prow } from './harness.js';

describe('prow --role=all', () => {
  let gh: FakeGitHub;
  let prow: Prow | undefined;

  beforeAll(async () => {
    gh = await FakeGitHub.start();
    prow = await Prow.start({ github: gh });
  });

  afterAll(async () => {
    await prow?.stop();
    await gh.stop();
  });

  it('serves /healthz and /healthz/ready', async () => {
    const health = await fetch(prow!.url('health-port', '/healthz'));
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('OK');
    expect((await fetch(prow!.url('health-port', '/healthz/ready'))).status).toBe(200);
  });

  it('exposes prow_version on /metrics', async () => {
    const res = await fetch(prow!.url('metrics-port', '/metrics'));
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^prow_version\{version="[^"]+"\} \d+$/m);
  });

  it('stops cleanly on SIGTERM with exit code 0', async () => {
    const status = await prow!.stop();
    expect({ status, tail: status.code === 0 ? '' : prow!.logTail() }).toEqual({ status: { code: 0, signal: null }, tail: '' });
  });
});
