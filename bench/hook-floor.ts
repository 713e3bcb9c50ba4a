// What node:http itself can take in under bench/hook's load generator on this machine: a server that does only the
// least a webhook intake must (FLOOR_MODE=bare: read the body and answer; =verify: also check the SHA-256 signature
// and parse the JSON; =journal (default): also append the body to a file and fdatasync it before answering, one
// flush per turn of the event loop). It takes the hook's flags, so bench/hook runs it in place of the hook:
//   npm run build && HOOK_BIN=dist/bench/hook-floor.js BENCH_WORKLOADS=A node dist/bench/hook.js 3
// No plugins, no metrics beyond the handled count bench/hook reads, no checks of headers or shapes: a ceiling for
// any Node intake, not a hook.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { fdatasyncSync, mkdirSync, openSync, readFileSync, writevSync } from 'node:fs';
import http, { type ServerResponse } from 'node:http';
import path from 'node:path';

function flag(name: string): string {
  const args = process.argv;
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  if (inline) return inline.slice(name.length + 3);
  const at = args.indexOf(`--${name}`);
  if (at < 0 || at + 1 >= args.length) throw new Error(`hook-floor: --${name} is required`);
  return args[at + 1]!;
}

const mode = process.env.FLOOR_MODE ?? 'journal';
const secret = readFileSync(flag('hmac-secret-file'), 'utf8').trim();
const dataDir = flag('data-dir');
mkdirSync(dataDir, { recursive: true });
const journal = openSync(path.join(dataDir, 'floor.log'), 'a');
const OK = 'Event received. Have a nice day.';
let answered = 0;
let pending: { body: Buffer; res: ServerResponse }[] = [];

function answer(res: ServerResponse, status: number, text: string): void {
  if (status === 200) answered++;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** One write and one fdatasync for every delivery of this turn, then their answers. */
function flush(): void {
  const batch = pending;
  pending = [];
  writevSync(journal, batch.map((p) => p.body));
  fdatasyncSync(journal);
  for (const p of batch) answer(p.res, 200, OK);
}

http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    if (mode !== 'bare') {
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
      const got = Buffer.from(String(req.headers['x-hub-signature-256'] ?? ''));
      if (got.length !== expected.length || !timingSafeEqual(got, expected)) return answer(res, 403, 'bad signature');
      try {
        JSON.parse(body.toString('utf8'));
      } catch {
        return answer(res, 400, 'bad JSON');
      }
    }
    if (mode !== 'journal') return answer(res, 200, OK);
    if (pending.length === 0) setImmediate(flush);
    pending.push({ body, res });
  });
}).listen(Number(flag('hook-port')), '127.0.0.1');

http.createServer((_req, res) => res.end('ok')).listen(Number(flag('health-port')), '127.0.0.1');
// bench/hook counts trigger's handled comments: here every answered delivery is "handled".
http.createServer((_req, res) => {
  res.end(`prow_plugin_handle_duration_seconds_count{event_type="issue_comment",plugin="trigger"} ${answered}\n`);
}).listen(Number(flag('metrics-port')), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
