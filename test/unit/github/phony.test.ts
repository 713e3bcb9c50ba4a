import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sendPhony } from '../../../src/cli/phony.js';
import { verifySignature } from '../../../src/github/hmac.js';

describe('prow phony', () => {
  let server: http.Server;
  let address: string;
  let dir: string;
  const got: { headers: http.IncomingHttpHeaders; body: Buffer }[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'phony-'));
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        got.push({ headers: req.headers, body: Buffer.concat(chunks) });
        res.end('Event received. Have a nice day.');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    address = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the payload signed both ways and returns the answer', async () => {
    const payload = path.join(dir, 'p.json');
    writeFileSync(payload, '{"action":"opened"}');
    const r = await sendPhony({ address, event: 'pull_request', hmac: 'abcde12345', payload });
    expect(r).toEqual({ status: 200, body: 'Event received. Have a nice day.' });
    const req = got[0];
    expect(req.body.toString()).toBe('{"action":"opened"}');
    expect(req.headers['x-github-event']).toBe('pull_request');
    expect(req.headers['x-github-delivery']).toBeTruthy();
    expect(verifySignature(req.body, String(req.headers['x-hub-signature-256']), ['abcde12345'], 'sha256')).toBe(true);
    expect(verifySignature(req.body, String(req.headers['x-hub-signature']), ['abcde12345'], 'sha1')).toBe(true);
  });
});
