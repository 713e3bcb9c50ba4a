// The gangway role: upstream's Prow API. gRPC on --gangway-port (upstream's service and messages, so its clients
// work) and the same calls as HTTP/JSON on --gangway-http-port (no ESPv2 proxy needed). Callers are identified as
// upstream does, by Cloud Endpoints' consumer headers, or by bearer token with --gangway-tokens-file; what each may
// run is `gangway.allowed_api_clients` in config.yaml (read on every call, so a config reload applies at once).
import type { Role } from '../../src/runtime/role.js';
import type { FlagSpec } from '../../src/runtime/flags.js';

export const GANGWAY_FLAGS: FlagSpec[] = [
  { name: 'gangway-port', type: 'int', description: 'gangway: TCP port for gRPC (upstream gangway\'s --port)', default: 32000 },
  { name: 'gangway-http-port', type: 'int', description: 'gangway: TCP port for the same API as HTTP/JSON (/v1/executions, /v1/bulk-job-status-update)', default: 32001 },
  {
    name: 'gangway-tokens-file',
    type: 'string',
    description: 'gangway: YAML map of bearer token → GCP project number; callers must send one (Authorization: Bearer) and the x-endpoint-api-consumer-* headers are ignored. Without it those headers are trusted, as behind ESPv2',
    placeholder: 'PATH',
  },
];

export const gangway: Role = {
  name: 'gangway',
  description: 'the Prow API: create, read, list and bulk-update ProwJobs over gRPC and HTTP/JSON (gangway.allowed_api_clients)',
  singleton: false,
  flags: GANGWAY_FLAGS,
  ports: (flags) => [flags.int('gangway-http-port') ?? 32001],
  start: async (ctx) => (await import('./start.js')).startGangway(ctx),
};
