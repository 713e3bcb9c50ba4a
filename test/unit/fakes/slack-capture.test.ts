// The Slack fake and the capture server, exercised over HTTP.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeSlack } from '../../fakes/slack/index.js';
import { CaptureServer } from '../../fakes/capture/index.js';

describe('fake Slack', () => {
  let slack: FakeSlack;
  beforeAll(async () => {
    slack = await FakeSlack.start({ token: 'xoxb-good', channels: ['#prow', 'C123'] });
  });
  afterAll(async () => {
    await slack.stop();
  });

  const post = async (body: Record<string, unknown>, token?: string): Promise<Record<string, unknown>> => {
    const res = await fetch(`${slack.url}/api/chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  };

  it('records messages posted with the right token', async () => {
    const res = await post({ channel: 'prow', text: 'job failed' }, 'xoxb-good');
    expect(res).toMatchObject({ ok: true, channel: 'prow' });
    expect(typeof res.ts).toBe('string');
    expect(slack.messages.at(-1)).toMatchObject({ channel: 'prow', text: 'job failed', via: 'api' });
  });

  it('accepts form-encoded bodies with the token as a field', async () => {
    const res = await fetch(`${slack.url}/api/chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: 'xoxb-good', channel: 'C123', attachments: JSON.stringify([{ text: 'a' }]) }).toString(),
    });
    expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
    expect(slack.messages.at(-1)?.attachments).toEqual([{ text: 'a' }]);
    expect(slack.messages.at(-1)?.fields.token).toBeUndefined();
  });

  it('answers Slack’s errors', async () => {
    expect(await post({ channel: 'prow', text: 'x' })).toEqual({ ok: false, error: 'not_authed' });
    expect(await post({ channel: 'prow', text: 'x' }, 'xoxb-bad')).toEqual({ ok: false, error: 'invalid_auth' });
    expect(await post({ channel: 'nope', text: 'x' }, 'xoxb-good')).toEqual({ ok: false, error: 'channel_not_found' });
    expect(await post({ channel: 'prow' }, 'xoxb-good')).toEqual({ ok: false, error: 'no_text' });
    slack.failNext('ratelimited');
    expect(await post({ channel: 'prow', text: 'x' }, 'xoxb-good')).toEqual({ ok: false, error: 'ratelimited' });
    expect(await post({ channel: 'prow', text: 'x' }, 'xoxb-good')).toMatchObject({ ok: true });
  });

  it('takes incoming webhooks', async () => {
    const res = await fetch(slack.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'hello' }) });
    expect(await res.text()).toBe('ok');
    expect(slack.messages.at(-1)).toMatchObject({ text: 'hello', via: 'webhook' });
  });
});

describe('capture server', () => {
  let cap: CaptureServer;
  beforeAll(async () => {
    cap = await CaptureServer.start();
  });
  afterAll(async () => {
    await cap.stop();
  });

  it('records method, path, query, headers and body, and answers as configured', async () => {
    cap.respond({ status: 202, headers: { 'x-answer': 'yes' }, body: { accepted: true } });
    const res = await fetch(`${cap.url}/plugin/hook?a=1`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': 'push' }, body: '{"x":1}' });
    expect(res.status).toBe(202);
    expect(res.headers.get('x-answer')).toBe('yes');
    expect(await res.json()).toEqual({ accepted: true });
    const req = cap.requests.at(-1)!;
    expect(req).toMatchObject({ method: 'POST', path: '/plugin/hook', query: { a: '1' }, text: '{"x":1}', json: { x: 1 } });
    expect(req.headers['x-github-event']).toBe('push');
  });

  it('computes the response per request and waits for a matching request', async () => {
    cap.respond((r) => ({ status: r.path === '/fail' ? 500 : 200, body: r.path }));
    const waiting = cap.waitFor((r) => r.path === '/later');
    expect((await fetch(`${cap.url}/fail`, { method: 'PUT', body: 'raw bytes' })).status).toBe(500);
    await fetch(`${cap.url}/later`);
    expect((await waiting).method).toBe('GET');
    expect(cap.requests.find((r) => r.path === '/fail')?.text).toBe('raw bytes');
    await expect(cap.waitFor((r) => r.path === '/never', 50)).rejects.toThrow(/no matching request within 50ms; last requests:\n(.|\n)*PUT \/fail raw bytes/);
  });
});
