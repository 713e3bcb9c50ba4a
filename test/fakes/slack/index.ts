// A fake Slack Web API for reporters: `POST /api/chat.postMessage` (JSON or form body, token as
// `Authorization: Bearer` or a `token` field) with Slack's answers (`{ok:true, channel, ts, message}` or
// `{ok:false, error}` with HTTP 200), plus incoming webhooks (`POST /services/…`).
//
//   const slack = await FakeSlack.start({ token: 'xoxb-test', channels: ['#prow', 'C123'] });
//   slack.url → the API host (the reporter's Slack host); slack.messages → what was posted;
//   slack.webhookUrl → an incoming-webhook URL; slack.failNext('ratelimited'); await slack.stop();
import express from 'express';
import { listen, type Listening } from '../capture/listen.js';

export interface SlackMessage {
  channel: string;
  text?: string;
  blocks?: unknown;
  attachments?: unknown;
  /** Every field the client sent (except the token). */
  fields: Record<string, unknown>;
  ts: string;
  /** `api` for chat.postMessage, `webhook` for incoming webhooks. */
  via: 'api' | 'webhook';
}

export interface FakeSlackOptions {
  /** The bot token expected; any other gets `invalid_auth`, none `not_authed`. */
  token?: string;
  /** Known channels (names with or without `#`, or IDs); others get `channel_not_found`. Default: any. */
  channels?: string[];
}

/** Form-encoded clients send blocks/attachments as JSON strings; JSON clients as values. */
function decodeField(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

export class FakeSlack {
  readonly messages: SlackMessage[] = [];
  /** Every API call with its answer, including the failed ones. */
  readonly calls: { method: string; fields: Record<string, unknown>; response: Record<string, unknown> }[] = [];
  private nextError: string | undefined;
  private seq = 0;

  private constructor(private readonly listening: Listening, private readonly opts: FakeSlackOptions) {}

  static async start(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
    const app = express();
    app.disable('x-powered-by');
    app.use(express.json());
    app.use(express.urlencoded({ extended: false }));
    // Routes are mounted before the instance exists (it needs the listening server).
    const ref: { self?: FakeSlack } = {};
    app.post('/api/:method', (req, res) => {
      res.json(ref.self!.api(String(req.params.method), req));
    });
    app.post('/services/*rest', (req, res) => {
      const fields = (req.body ?? {}) as Record<string, unknown>;
      if (typeof fields.text !== 'string' && fields.blocks === undefined && fields.attachments === undefined) {
        res.status(400).type('text/plain').send('no_text');
        return;
      }
      ref.self!.record(typeof fields.channel === 'string' ? fields.channel : '', fields, 'webhook');
      res.type('text/plain').send('ok');
    });
    ref.self = new FakeSlack(await listen(app), opts);
    return ref.self;
  }

  /** The API base (`<url>/api/chat.postMessage`). */
  get url(): string {
    return this.listening.url;
  }

  /** An incoming-webhook URL on this fake. */
  get webhookUrl(): string {
    return `${this.listening.url}/services/T000/B000/XXXX`;
  }

  /** The next API call answers `{ok:false, error}` (e.g. `ratelimited`). */
  failNext(error: string): void {
    this.nextError = error;
  }

  async stop(): Promise<void> {
    await this.listening.close();
  }

  private api(method: string, req: express.Request): Record<string, unknown> {
    const fields = { ...((req.body ?? {}) as Record<string, unknown>) };
    const header = req.get('authorization');
    const token = header?.replace(/^Bearer\s+/i, '') ?? (typeof fields.token === 'string' ? fields.token : undefined);
    delete fields.token;
    const response = this.answer(method, token, fields);
    this.calls.push({ method, fields, response });
    return response;
  }

  private answer(method: string, token: string | undefined, fields: Record<string, unknown>): Record<string, unknown> {
    if (!token) return { ok: false, error: 'not_authed' };
    if (this.opts.token !== undefined && token !== this.opts.token) return { ok: false, error: 'invalid_auth' };
    if (this.nextError) {
      const error = this.nextError;
      this.nextError = undefined;
      return { ok: false, error };
    }
    if (method === 'auth.test') return { ok: true, url: `${this.url}/`, team: 'fake', user: 'prow', team_id: 'T000', user_id: 'U000' };
    if (method !== 'chat.postMessage') return { ok: false, error: 'unknown_method' };
    const channel = typeof fields.channel === 'string' ? fields.channel : '';
    if (!channel) return { ok: false, error: 'channel_not_found' };
    const known = this.opts.channels?.map((c) => c.replace(/^#/, ''));
    if (known && !known.includes(channel.replace(/^#/, ''))) return { ok: false, error: 'channel_not_found' };
    if ((typeof fields.text !== 'string' || fields.text === '') && fields.blocks === undefined && fields.attachments === undefined) return { ok: false, error: 'no_text' };
    const msg = this.record(channel, fields, 'api');
    return { ok: true, channel, ts: msg.ts, message: { type: 'message', text: msg.text ?? '', bot_id: 'B000', ts: msg.ts } };
  }

  private record(channel: string, fields: Record<string, unknown>, via: SlackMessage['via']): SlackMessage {
    const ts = `${Math.floor(Date.now() / 1000)}.${String(++this.seq).padStart(6, '0')}`;
    const msg: SlackMessage = { channel, fields, ts, via };
    if (typeof fields.text === 'string') msg.text = fields.text;
    if (fields.blocks !== undefined) msg.blocks = decodeField(fields.blocks);
    if (fields.attachments !== undefined) msg.attachments = decodeField(fields.attachments);
    this.messages.push(msg);
    return msg;
  }
}
