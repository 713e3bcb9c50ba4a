// Receiving webhooks as upstream's external plugins do (github.ValidateWebhook): POST only, X-GitHub-Event and
// X-GitHub-Delivery present, JSON only, and an HMAC signature made with the --hmac-secret-file secret; then 200
// "Event received. Have a nice day." and the event is handed on. The hook has its own, journaled receiver
// (roles/hook/server.ts); this one is for the roles hook forwards to.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../runtime/logger.js';
import { tokensFor, verifySignature, type HmacSecrets } from './hmac.js';
import { payloadFullName } from './events.js';

export const WEBHOOK_OK_TEXT = 'Event received. Have a nice day.';

/** GitHub caps webhook payloads at 25 MB. */
const MAX_BODY_BYTES = 25 * 1024 * 1024;

export interface ReceivedWebhook {
  eventType: string;
  guid: string;
  body: Buffer;
}

export interface WebhookReceiverOptions {
  /** The current secrets; undefined: every delivery is refused (403). */
  secrets: () => HmacSecrets | undefined;
  logger: Logger;
  /** Called after the 200 is sent. */
  onEvent: (w: ReceivedWebhook) => void;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

export function webhookReceiver(opts: WebhookReceiverOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const answer = (status: number, text: string): void => {
      if (status !== 200) opts.logger.info('webhook refused', { status, reason: text });
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (req.method !== 'POST') return answer(405, '405 Method not allowed');
    const eventType = header(req, 'x-github-event');
    if (!eventType) return answer(400, '400 Bad Request: Missing X-GitHub-Event Header');
    const guid = header(req, 'x-github-delivery');
    if (!guid) return answer(400, '400 Bad Request: Missing X-GitHub-Delivery Header');
    const sha256 = header(req, 'x-hub-signature-256');
    const signature = sha256 ?? header(req, 'x-hub-signature');
    if (!signature) return answer(403, '403 Forbidden: Missing X-Hub-Signature');
    const contentType = (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (contentType !== 'application/json') {
      return answer(400, '400 Bad Request: Hook only accepts content-type: application/json - please reconfigure this hook on GitHub');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('error', (e) => opts.logger.warn('cannot read webhook body', { error: e }));
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return answer(413, `413 Payload Too Large: webhook bodies are limited to ${MAX_BODY_BYTES} bytes`);
      const body = Buffer.concat(chunks);
      const secrets = opts.secrets();
      let payload: unknown;
      try {
        payload = JSON.parse(body.toString('utf8'));
      } catch {
        payload = undefined;
      }
      const algorithm = sha256 !== undefined ? 'sha256' : 'sha1';
      if (!secrets || !verifySignature(body, signature, tokensFor(secrets, payloadFullName(payload)), algorithm)) {
        return answer(403, '403 Forbidden: Invalid X-Hub-Signature');
      }
      if (payload === undefined) return answer(400, '400 Bad Request: body is not valid JSON');
      answer(200, WEBHOOK_OK_TEXT);
      opts.onEvent({ eventType, guid, body });
    });
  };
}
