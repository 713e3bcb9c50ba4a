// The Prow API over HTTP/JSON, at upstream's transcoded routes (what ESPv2 would serve in front of gangway), so
// no proxy is needed: POST /v1/executions, GET /v1/executions/{id}, GET /v1/executions?job_name=&status=,
// POST /v1/bulk-job-status-update. Bodies follow proto3's JSON mapping: lowerCamelCase names (snake_case accepted
// in requests), enums by name, timestamps as RFC 3339 strings. Errors: {"code", "message"} with the HTTP status of
// the gRPC code.
import express from 'express';
import protobuf from 'protobufjs';
import type { Logger } from '../../src/runtime/logger.js';
import { ApiError, Code, type AllowedClient, type GangwayApi } from './api.js';
import { identifyClient, type TokenIdentities } from './identity.js';
import { TO_OBJECT } from './proto.js';

const HTTP_STATUS: Record<number, number> = { [Code.INVALID_ARGUMENT]: 400, [Code.NOT_FOUND]: 404, [Code.PERMISSION_DENIED]: 403, [Code.UNAUTHENTICATED]: 401, [Code.INTERNAL]: 500 };
const TIMESTAMP = '.google.protobuf.Timestamp';

const camel = (s: string): string => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** A JSON request body as a message object of `type` (unknown fields refused, enum names checked). */
export function fromJson(type: protobuf.Type, json: unknown, at = ''): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ApiError(Code.INVALID_ARGUMENT, `${at || 'body'}: must be a JSON object`);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json)) {
    const field = type.fields[camel(k)];
    const where = at ? `${at}.${k}` : k;
    if (!field) throw new ApiError(Code.INVALID_ARGUMENT, `${where}: unknown field`);
    field.resolve();
    const one = (x: unknown, i?: number): unknown => {
      const w = i === undefined ? where : `${where}[${i}]`;
      const t = field.resolvedType;
      if (t instanceof protobuf.Type) {
        if (t.fullName === TIMESTAMP) {
          const ms = typeof x === 'string' ? Date.parse(x) : NaN;
          if (Number.isNaN(ms)) throw new ApiError(Code.INVALID_ARGUMENT, `${w}: must be an RFC 3339 timestamp`);
          return { seconds: Math.floor(ms / 1000), nanos: (((ms % 1000) + 1000) % 1000) * 1e6 };
        }
        return fromJson(t, x, w);
      }
      if (t instanceof protobuf.Enum) {
        if (typeof x !== 'string' || !(x in t.values)) throw new ApiError(Code.INVALID_ARGUMENT, `${w}: must be one of ${Object.keys(t.values).join(', ')}`);
        return x;
      }
      return x;
    };
    if (v === null) continue;
    if (field.map) {
      if (typeof v !== 'object' || Array.isArray(v)) throw new ApiError(Code.INVALID_ARGUMENT, `${where}: must be an object`);
      out[field.name] = v;
    } else if (field.repeated) {
      if (!Array.isArray(v)) throw new ApiError(Code.INVALID_ARGUMENT, `${where}: must be a list`);
      out[field.name] = v.map((x, i) => one(x, i));
    } else {
      out[field.name] = one(v);
    }
  }
  return type.toObject(type.fromObject(out), TO_OBJECT);
}

/** A response message object as JSON (timestamps as RFC 3339 strings; unset messages left out). */
export function toJson(type: protobuf.Type, msg: Record<string, unknown>): Record<string, unknown> {
  const norm = type.toObject(type.fromObject(msg), TO_OBJECT);
  const out: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    field.resolve();
    const v = norm[field.name];
    if (v === null || v === undefined) continue;
    const t = field.resolvedType;
    const one = (x: unknown): unknown => {
      if (!(t instanceof protobuf.Type)) return x;
      if (t.fullName === TIMESTAMP) {
        const ts = x as { seconds: number; nanos: number };
        return new Date(ts.seconds * 1000 + Math.floor(ts.nanos / 1e6)).toISOString();
      }
      return toJson(t, x as Record<string, unknown>);
    };
    out[field.name] = field.repeated && Array.isArray(v) ? v.map(one) : field.map ? v : one(v);
  }
  return out;
}

export interface HttpDeps {
  api: GangwayApi;
  root: protobuf.Root;
  clients: () => readonly AllowedClient[];
  tokens: TokenIdentities | undefined;
  logger: Logger;
}

export function mountHttpApi(app: express.Express, d: HttpDeps): void {
  const type = (name: string): protobuf.Type => d.root.lookupType(name);
  const client = (req: express.Request): AllowedClient => identifyClient(d.clients(), (h) => req.get(h), d.tokens);
  const handle = (fn: (req: express.Request) => Promise<[string, Record<string, unknown>]>) => (req: express.Request, res: express.Response): void => {
    fn(req)
      .then(([typeName, msg]) => res.json(toJson(type(typeName), msg)))
      .catch((e: unknown) => {
        if (e instanceof ApiError) {
          res.status(HTTP_STATUS[e.code] ?? 500).json({ code: e.code, message: e.message });
          return;
        }
        d.logger.error('gangway request failed', { path: req.path, error: e });
        res.status(500).json({ code: Code.INTERNAL, message: (e as Error).message });
      });
  };
  const json = express.json({ limit: '1mb' });

  app.post('/v1/executions', json, handle(async (req) => {
    const msg = fromJson(type('CreateJobExecutionRequest'), req.body);
    return ['JobExecution', { ...(await d.api.createJobExecution(msg as never, client(req))) }];
  }));
  app.get('/v1/executions/:id', handle(async (req) => ['JobExecution', { ...(await d.api.getJobExecution(String(req.params.id))) }]));
  app.get('/v1/executions', handle(async (req) => {
    const q = fromJson(type('ListJobExecutionsRequest'), { ...(typeof req.query.job_name === 'string' ? { job_name: req.query.job_name } : {}), ...(typeof req.query.status === 'string' ? { status: req.query.status } : {}) });
    return ['JobExecutions', { jobExecution: await d.api.listJobExecutions(String(q.jobName ?? ''), q.status as never) }];
  }));
  app.post('/v1/bulk-job-status-update', json, handle(async (req) => {
    const msg = fromJson(type('BulkJobStatusChangeRequest'), req.body);
    const r = await d.api.bulkJobStatusChange(msg as never, client(req));
    if (r.errors.length > 0) throw new ApiError(Code.PERMISSION_DENIED, r.errors.join('; '));
    return ['JobsAffected', { count: r.count, jobExecutions: r.jobExecutions }];
  }));
  // A body that is not JSON is the caller's mistake, said as the API says it.
  app.use('/v1', (err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (err instanceof SyntaxError || (err as { type?: string })?.type === 'entity.parse.failed') {
      res.status(400).json({ code: Code.INVALID_ARGUMENT, message: `body: not valid JSON: ${(err as Error).message}` });
      return;
    }
    next(err);
  });
}
