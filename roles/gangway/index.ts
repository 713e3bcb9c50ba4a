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
  async start(ctx) {
    // gRPC and protobuf (about 15 MiB resident) are loaded only by a process that runs gangway.
    const [{ GangwayApi }, { startGrpcServer }, { mountHttpApi }, { readTokenIdentities }, { loadGangwayProto }] = await Promise.all([
      import('./api.js'), import('./grpc.js'), import('./http.js'), import('./identity.js'), import('./proto.js'),
    ]);
    const tokensFile = ctx.flags.string('gangway-tokens-file');
    const tokens = tokensFile ? readTokenIdentities(tokensFile) : undefined;
    const root = loadGangwayProto();
    const api = new GangwayApi({ store: ctx.store, config: () => ctx.config.config(), logger: ctx.logger });
    const clients = () => ctx.config.config().gangway?.allowed_api_clients ?? [];
    const deps = { api, root, clients, tokens, logger: ctx.logger };
    mountHttpApi(await ctx.http.serve(ctx.flags.int('gangway-http-port') ?? 32001, 'gangway'), deps);
    const { server, port } = await startGrpcServer(deps, ctx.flags.int('gangway-port') ?? 32000);
    ctx.logger.info('serving gRPC', { port, tokens: tokens ? tokens.size : 'none (consumer headers trusted)' });
    if (clients().length === 0) ctx.logger.warn('gangway.allowed_api_clients is empty: every call will be refused until config.yaml lists a client');
    return {
      stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
    };
  },
};
