// The gangway role's start: gRPC and protobuf (about 15 MiB resident), loaded only by a process that runs gangway.
import type { RoleContext, Stopper } from '../../src/runtime/role.js';
import { GangwayApi } from './api.js';
import { startGrpcServer } from './grpc.js';
import { mountHttpApi } from './http.js';
import { readTokenIdentities } from './identity.js';
import { loadGangwayProto } from './proto.js';

export async function startGangway(ctx: RoleContext): Promise<Stopper> {
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
}
