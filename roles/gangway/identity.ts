// Who is calling: upstream identifies a client by the headers Cloud Endpoints (ESPv2) sets after checking its API
// key, `x-endpoint-api-consumer-type: PROJECT` and `x-endpoint-api-consumer-number: <n>`, and looks that identity up
// in `gangway.allowed_api_clients`. Without such a proxy in front, anyone could send those headers; so with
// --gangway-tokens-file, callers prove who they are with a bearer token instead, and the headers are ignored.
import { readFileSync } from 'node:fs';
import { parseConfigYaml } from '../../src/config/yaml.js';
import { ApiError, Code, type AllowedClient } from './api.js';

export const CONSUMER_TYPE = 'x-endpoint-api-consumer-type';
export const CONSUMER_NUMBER = 'x-endpoint-api-consumer-number';

/** Bearer token → the consumer number it stands for (type PROJECT). */
export type TokenIdentities = Map<string, string>;

/** Reads `token: "<project number>"` pairs (YAML). */
export function readTokenIdentities(file: string): TokenIdentities {
  const doc = parseConfigYaml(readFileSync(file, 'utf8'));
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error(`${file}: must map each token to a project number`);
  const out: TokenIdentities = new Map();
  for (const [token, number] of Object.entries(doc)) {
    const n = String(number);
    if (!/^[0-9]+$/.test(n)) throw new Error(`${file}: the project number of a token must be digits (got ${JSON.stringify(number)})`);
    out.set(token, n);
  }
  return out;
}

/** One header's first value, from gRPC metadata or HTTP headers. */
export type HeaderGetter = (name: string) => string | undefined;

export function identifyClient(clients: readonly AllowedClient[], header: HeaderGetter, tokens: TokenIdentities | undefined): AllowedClient {
  let type = header(CONSUMER_TYPE);
  let number = header(CONSUMER_NUMBER);
  if (tokens) {
    const m = /^bearer\s+(\S+)$/i.exec(header('authorization') ?? '');
    const n = m ? tokens.get(m[1]) : undefined;
    if (n === undefined) throw new ApiError(Code.UNAUTHENTICATED, 'a valid bearer token is required (Authorization: Bearer <token>)');
    type = 'PROJECT';
    number = n;
  }
  for (const c of clients) {
    if (!c.gcp) throw new ApiError(Code.INVALID_ARGUMENT, 'allowedApiClient did not have a cloud vendor set');
    if (type === undefined) throw new ApiError(Code.INVALID_ARGUMENT, `missing ${CONSUMER_TYPE} header`);
    if (c.gcp.endpoint_api_consumer_type !== 'PROJECT') throw new ApiError(Code.INVALID_ARGUMENT, `unsupported GCP API consumer type: "${type}"`);
    if (number === undefined) throw new ApiError(Code.INVALID_ARGUMENT, `missing ${CONSUMER_NUMBER} header`);
    if (c.gcp.endpoint_api_consumer_number === number) return c;
  }
  throw new ApiError(Code.INVALID_ARGUMENT, `could not find allowed client (${CONSUMER_TYPE}: ${type ?? ''}, ${CONSUMER_NUMBER}: ${number ?? ''})`);
}
