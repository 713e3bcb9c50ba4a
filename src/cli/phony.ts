// `prow phony`: sends a signed fake webhook to a hook (ours or any receiver) and prints the answer, as upstream's
// phony tool does.
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { sign } from '../github/hmac.js';
import type { Subcommand } from './subcommand.js';

export interface PhonyOptions {
  address: string;
  event: string;
  hmac: string;
  payload?: string;
}

export interface PhonyResult {
  status: number;
  body: string;
}

/** Sends the event; the body is the payload file's content, or `{}` when none is given. */
export async function sendPhony(o: PhonyOptions): Promise<PhonyResult> {
  const body = o.payload ? await readFile(o.payload) : Buffer.from('{}');
  const res = await fetch(o.address, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': o.event,
      'x-github-delivery': randomUUID(),
      'x-hub-signature': sign(body, o.hmac, 'sha1'),
      'x-hub-signature-256': sign(body, o.hmac, 'sha256'),
    },
    body,
  });
  return { status: res.status, body: await res.text() };
}

export const phony: Subcommand = {
  name: 'phony',
  description: 'send a signed fake GitHub webhook to a hook and print the response',
  configure(cmd: Command) {
    cmd
      .option('--address <URL>', 'where to send the fake hook', 'http://localhost:8888/hook')
      .option('--event <NAME>', 'webhook event type to send', 'ping')
      .option('--hmac <TOKEN>', 'HMAC token to sign the payload with', 'abcde12345')
      .option('--payload <FILE>', 'file with the JSON payload to send (default: {})')
      .action(async (opts: PhonyOptions) => {
        const r = await sendPhony(opts);
        process.stdout.write(`${r.status} ${r.body}\n`);
        if (r.status < 200 || r.status >= 300) process.exitCode = 1;
      });
  },
};
