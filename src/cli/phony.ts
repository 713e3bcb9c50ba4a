// `prow phony`: sends a signed fake webhook to a hook (ours or any receiver) and prints the answer, as upstream's
// phony tool does.
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { GLOBAL_HMAC_KEY, readHmacSecrets, sign } from '../github/hmac.js';

export interface PhonyOptions {
  address: string;
  event: string;
  hmac: string;
  /** A file holding the token (a hook's --hmac-secret-file in either format: its '*' token, else the first). */
  hmacPath?: string;
  payload?: string;
}

/** The token to sign with: --hmac-path's file when given, else --hmac. */
export function phonyToken(o: PhonyOptions): string {
  if (!o.hmacPath) return o.hmac;
  const secrets = readHmacSecrets(o.hmacPath);
  const token = secrets.get(GLOBAL_HMAC_KEY)?.[0] ?? [...secrets.values()][0]?.[0];
  if (!token) throw new Error(`${o.hmacPath} holds no HMAC token`);
  return token;
}

/** Why a request never got an answer, in words: fetch's own message is only "fetch failed". */
function unreachable(address: string, e: unknown): Error {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  const why = cause?.code ?? cause?.message ?? (e as Error).message;
  const hint = cause?.code === 'ECONNREFUSED' ? ': nothing listens there; is the hook running (`npm start`, or `prow --role=hook`)?' : '';
  return new Error(`cannot reach ${address} (${why})${hint}`);
}

export interface PhonyResult {
  status: number;
  body: string;
}

/** Sends the event; the body is the payload file's content, or `{}` when none is given. */
export async function sendPhony(o: PhonyOptions): Promise<PhonyResult> {
  const body = o.payload ? await readFile(o.payload) : Buffer.from('{}');
  const token = phonyToken(o);
  const res = await fetch(o.address, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': o.event,
      'x-github-delivery': randomUUID(),
      'x-hub-signature': sign(body, token, 'sha1'),
      'x-hub-signature-256': sign(body, token, 'sha256'),
    },
    body,
  }).catch((e: unknown) => {
    throw unreachable(o.address, e);
  });
  return { status: res.status, body: await res.text() };
}

/** `prow phony`'s action: sends the event and prints the answer; a non-2xx answer exits 1. */
export async function phonyAction(opts: PhonyOptions): Promise<void> {
  const r = await sendPhony(opts);
  process.stdout.write(`${r.status} ${r.body}\n`);
  if (r.status < 200 || r.status >= 300) process.exitCode = 1;
}
