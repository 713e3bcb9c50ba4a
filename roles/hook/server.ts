// POST /hook: checks a delivery (headers, size, HMAC signature, JSON), stores it, answers, and only then hands
// it to the plugins. Answers and their texts follow upstream; bad JSON is a 400 here (upstream accepts and drops it).
// The handler speaks plain node:http (no express routing or response helpers on the answer's path); the role serves
// it ahead of the port's express app, and `mountHook` puts it on an express app for embedders and tests.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type express from 'express';
import client from 'prom-client';
import { BadEventError, payloadFullName, webhookFromPayload, type WebhookEvent } from '../../src/github/events.js';
import { eventTypeLabel } from '../../src/github/event-labels.js';
import { tokensFor, verifySignature, type HmacSecrets } from '../../src/github/hmac.js';
import type { Logger } from '../../src/runtime/logger.js';
import { getOrCreate, labelledChildren, type MetricsRegistry } from '../../src/runtime/metrics.js';
import type { Delivery, DeliveryLog } from './deliveries.js';
import type { IntakeFilter } from './intake-filter.js';

/** GitHub caps webhook payloads at 25 MB. */
export const DEFAULT_MAX_BODY_BYTES = 25 * 1024 * 1024;

export const OK_TEXT = 'Event received. Have a nice day.';

export interface HookServerDeps {
  logger: Logger;
  metrics: MetricsRegistry;
  /** Current HMAC secrets; undefined when none are configured (every delivery is refused). */
  secrets: () => HmacSecrets | undefined;
  deliveries: DeliveryLog;
  /** Hands a stored delivery (its journal id, and the event already parsed) to the plugins. */
  handle: (d: Delivery, id: number, event: WebhookEvent) => void;
  maxBodyBytes?: number;
  /** Drops deliveries already taken in (redeliveries, changes the poller already handed on); none: take all. */
  intake?: IntakeFilter;
}

/** Headers forwarded to external plugins with the body. */
const FORWARDED = ['content-type', 'x-github-event', 'x-github-delivery', 'x-hub-signature', 'x-hub-signature-256', 'user-agent', 'x-github-hook-id'];

export type RawHandler = (req: IncomingMessage, res: ServerResponse) => void;

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

export function mountHook(app: express.Express, deps: HookServerDeps): void {
  const handler = hookHandler(deps);
  app.all('/hook', (req, res) => handler(req, res));
}

/** The /hook handler. */
export function hookHandler(deps: HookServerDeps): RawHandler {
  const counter = getOrCreate(deps.metrics, 'prow_webhook_counter', () => new client.Counter({
    name: 'prow_webhook_counter', help: 'A counter of the webhooks made to prow.', labelNames: ['event_type'], registers: [],
  }));
  const codes = getOrCreate(deps.metrics, 'prow_webhook_response_codes', () => new client.Counter({
    name: 'prow_webhook_response_codes', help: 'A counter of the different responses hook has responded to webhooks with.', labelNames: ['response_code'], registers: [],
  }));
  // Each delivery counts in both: their labelled children are looked up once per label value, not hashed per call.
  const byCode = labelledChildren((code) => codes.labels(code));
  const byEventType = labelledChildren((type) => counter.labels(type));
  const maxBody = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let warnedNoSecret = false;

  return (req, res) => {
    const answer = (status: number, text: string, fields: Record<string, unknown> = {}): void => {
      byCode(String(status)).inc();
      if (status !== 200) deps.logger.info('webhook refused', { status, reason: text, ...fields });
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (req.method !== 'POST') {
      answer(405, '405 Method not allowed');
      return;
    }
    const eventType = header(req, 'x-github-event');
    if (!eventType) {
      answer(400, '400 Bad Request: Missing X-GitHub-Event Header');
      return;
    }
    const guid = header(req, 'x-github-delivery');
    if (!guid) {
      answer(400, '400 Bad Request: Missing X-GitHub-Delivery Header', { 'event-type': eventType });
      return;
    }
    const fields = { 'event-type': eventType, 'event-GUID': guid };
    // X-Hub-Signature-256 holds a SHA-256 HMAC, X-Hub-Signature a SHA-1 one; the stronger is used when both came.
    const sha256 = header(req, 'x-hub-signature-256');
    const signature = sha256 ?? header(req, 'x-hub-signature');
    const algorithm = sha256 !== undefined ? 'sha256' : 'sha1';
    if (!signature) {
      answer(403, '403 Forbidden: Missing X-Hub-Signature', fields);
      return;
    }
    const contentType = (header(req, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (contentType !== 'application/json') {
      answer(400, '400 Bad Request: Hook only accepts content-type: application/json - please reconfigure this hook on GitHub', fields);
      return;
    }
    const declared = Number(header(req, 'content-length') ?? '0');
    if (declared > maxBody) {
      res.setHeader('connection', 'close');
      answer(413, `413 Payload Too Large: webhook bodies are limited to ${maxBody} bytes`, fields);
      req.resume();
      return;
    }
    readBody(req, maxBody).then(
      async (body) => {
        if (body === undefined) {
          res.setHeader('connection', 'close');
          answer(413, `413 Payload Too Large: webhook bodies are limited to ${maxBody} bytes`, fields);
          return;
        }
        const secrets = deps.secrets();
        if (!secrets) {
          if (!warnedNoSecret) {
            warnedNoSecret = true;
            deps.logger.error('no HMAC secret configured: every webhook is refused; pass --hmac-secret-file');
          }
          answer(403, '403 Forbidden: Invalid X-Hub-Signature', fields);
          return;
        }
        let payload: unknown;
        let jsonError: string | undefined;
        try {
          payload = JSON.parse(body.toString('utf8'));
        } catch (e) {
          jsonError = (e as Error).message;
        }
        if (!verifySignature(body, signature, tokensFor(secrets, payloadFullName(payload)), algorithm)) {
          answer(403, '403 Forbidden: Invalid X-Hub-Signature', fields);
          return;
        }
        if (jsonError !== undefined) {
          answer(400, `400 Bad Request: body is not valid JSON: ${jsonError}`, fields);
          return;
        }
        let event: WebhookEvent;
        try {
          event = webhookFromPayload(eventType, guid, payload);
        } catch (e) {
          if (e instanceof BadEventError) {
            answer(400, `400 Bad Request: ${e.message}`, fields);
            return;
          }
          throw e;
        }
        byEventType(eventTypeLabel(eventType)).inc();
        const duplicate = deps.intake?.duplicate(guid, event);
        if (duplicate !== undefined) {
          deps.logger.info('dropping a delivery already taken in', { ...fields, reason: duplicate });
          answer(200, OK_TEXT);
          return;
        }
        const headers: Record<string, string> = {};
        for (const h of FORWARDED) {
          const v = header(req, h);
          if (v !== undefined) headers[h] = v;
        }
        const delivery: Delivery = { eventType, guid, headers, body, receivedAt: isoNow() };
        let id: number;
        try {
          id = deps.deliveries.stage(delivery);
          // Group commit: one write and one disk flush for every delivery that arrived meanwhile.
          await deps.deliveries.synced();
        } catch (e) {
          // Not stored means not safe to acknowledge: GitHub shows the failure and it can be redelivered.
          deps.intake?.released(guid, event);
          deps.logger.error('cannot store delivery', { ...fields, error: e });
          answer(500, '500 Internal Server Error: cannot store the delivery', fields);
          return;
        }
        deps.intake?.accepted(guid, event);
        answer(200, OK_TEXT);
        deps.handle(delivery, id, event);
      },
      (e: unknown) => {
        deps.logger.warn('cannot read webhook body', { ...fields, error: e });
        if (!res.headersSent) answer(400, '400 Bad Request: cannot read body', fields);
      },
    );
  };
}

let isoAt = 0;
let iso = '';

/** The time as `new Date().toISOString()` gives it, made once per millisecond: a busy hook takes in several per ms. */
function isoNow(): string {
  const now = Date.now();
  if (now !== isoAt) {
    isoAt = now;
    iso = new Date(now).toISOString();
  }
  return iso;
}

/** The whole body, or undefined once it passes `max` bytes (the rest is drained and discarded). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > max) {
        over = true;
        chunks.length = 0;
        resolve(undefined);
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!over) resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}
