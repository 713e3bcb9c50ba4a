// A server that records every request (method, path, query, headers, raw body) and answers with a configurable
// response: a stand-in for reporters' targets, external plugins, Slack incoming webhooks, anything HTTP.
//
//   const cap = await CaptureServer.start();                // or start({ status: 500, body: 'boom' })
//   cap.url                                                  // http://127.0.0.1:PORT
//   cap.respond({ status: 200, body: { ok: true } });       // or cap.respond((req) => ({ status: … }))
//   const req = await cap.waitFor((r) => r.path === '/hook', 10_000);
//   req.json, req.text, req.headers['x-github-event'];  cap.requests;  cap.clear();  await cap.stop();
import express from 'express';
import { listen, type Listening } from './listen.js';

export interface CapturedRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The body as UTF-8 text. */
  text: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: unknown;
}

export interface CannedResponse {
  status?: number;
  headers?: Record<string, string>;
  /** A string or Buffer is sent as is; anything else as JSON. */
  body?: unknown;
}

export type Responder = CannedResponse | ((req: CapturedRequest) => CannedResponse);

export class CaptureServer {
  readonly requests: CapturedRequest[] = [];
  private responder: Responder;
  private waiters: { pred: (r: CapturedRequest) => boolean; resolve: (r: CapturedRequest) => void; cancel: () => void }[] = [];

  private constructor(private readonly listening: Listening, responder: Responder) {
    this.responder = responder;
  }

  static async start(responder: Responder = { status: 200, body: '' }): Promise<CaptureServer> {
    const app = express();
    app.disable('x-powered-by');
    app.set('etag', false);
    app.use(express.raw({ type: () => true, limit: '100mb' }));
    // Routes are mounted before the instance exists (it needs the listening server).
    const ref: { self?: CaptureServer } = {};
    app.use((req, res) => {
      ref.self?.handle(req, res);
    });
    ref.self = new CaptureServer(await listen(app), responder);
    return ref.self;
  }

  get url(): string {
    return this.listening.url;
  }

  /** Sets the response for the requests that follow. */
  respond(responder: Responder): void {
    this.responder = responder;
  }

  clear(): void {
    this.requests.length = 0;
  }

  /** The first request (already received or still to come) matching `pred`; rejects after `timeoutMs`. */
  waitFor(pred: (r: CapturedRequest) => boolean, timeoutMs = 10_000): Promise<CapturedRequest> {
    const seen = this.requests.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = {
        pred,
        resolve: (r: CapturedRequest) => {
          clearTimeout(timer);
          resolve(r);
        },
        cancel: () => {
          clearTimeout(timer);
          reject(new Error('capture server stopped'));
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const last = this.requests.slice(-5).map((r) => `${r.method} ${r.path} ${r.text.slice(0, 200)}`);
        reject(new Error(`no matching request within ${timeoutMs}ms; last requests:\n${last.join('\n') || '(none)'}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  async stop(): Promise<void> {
    for (const w of this.waiters) w.cancel();
    this.waiters = [];
    await this.listening.close();
  }

  private handle(req: express.Request, res: express.Response): void {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const text = body.toString('utf8');
    const captured: CapturedRequest = { method: req.method, path: req.path, query: req.query as Record<string, unknown>, headers: { ...req.headers }, body, text };
    if (text) {
      try {
        captured.json = JSON.parse(text) as unknown;
      } catch {
        // Not JSON: text and body carry it.
      }
    }
    this.requests.push(captured);
    for (const w of [...this.waiters]) {
      if (w.pred(captured)) {
        this.waiters = this.waiters.filter((x) => x !== w);
        w.resolve(captured);
      }
    }
    const r = typeof this.responder === 'function' ? this.responder(captured) : this.responder;
    res.status(r.status ?? 200);
    for (const [k, v] of Object.entries(r.headers ?? {})) res.setHeader(k, v);
    if (r.body === undefined || typeof r.body === 'string' || Buffer.isBuffer(r.body)) res.send(r.body ?? '');
    else res.json(r.body);
  }
}
