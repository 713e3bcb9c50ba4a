// The Prow API over gRPC (upstream gangway's wire protocol): service `Prow`, methods at `/Prow/<Method>`, messages
// encoded with the protocol in proto.ts. Errors become gRPC statuses with the API's code and message.
import * as grpc from '@grpc/grpc-js';
import type protobuf from 'protobufjs';
import type { Logger } from '../../src/runtime/logger.js';
import { ApiError, Code, type AllowedClient, type GangwayApi } from './api.js';
import { identifyClient, type TokenIdentities } from './identity.js';
import { TO_OBJECT } from './proto.js';

export interface GrpcDeps {
  api: GangwayApi;
  root: protobuf.Root;
  clients: () => readonly AllowedClient[];
  tokens: TokenIdentities | undefined;
  logger: Logger;
}

type Handler = (req: Record<string, unknown>, client: () => AllowedClient) => Promise<Record<string, unknown>>;

/** The `Prow` service's methods as grpc-js sees them (servers and clients alike). */
export function prowServiceDefinition(root: protobuf.Root): grpc.ServiceDefinition {
  const definition: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const method of Object.values(root.lookupService('Prow').methods)) {
    method.resolve();
    const reqType = method.resolvedRequestType!;
    const resType = method.resolvedResponseType!;
    definition[method.name] = {
      path: `/Prow/${method.name}`,
      requestStream: false,
      responseStream: false,
      requestSerialize: (v: unknown) => Buffer.from(reqType.encode(reqType.fromObject(v as Record<string, unknown>)).finish()),
      requestDeserialize: (b: Buffer) => reqType.toObject(reqType.decode(b), TO_OBJECT),
      responseSerialize: (v: unknown) => Buffer.from(resType.encode(resType.fromObject(v as Record<string, unknown>)).finish()),
      responseDeserialize: (b: Buffer) => resType.toObject(resType.decode(b), TO_OBJECT),
    };
  }
  return definition;
}

export function grpcService(d: GrpcDeps): { definition: grpc.ServiceDefinition; implementation: grpc.UntypedServiceImplementation } {
  const service = d.root.lookupService('Prow');
  const handlers: Record<string, Handler> = {
    CreateJobExecution: async (req, client) => ({ ...(await d.api.createJobExecution(req as never, client())) }),
    GetJobExecution: async (req) => ({ ...(await d.api.getJobExecution(String(req.id ?? ''))) }),
    ListJobExecutions: async (req) => ({ jobExecution: await d.api.listJobExecutions(String(req.jobName ?? ''), (req.status as never) ?? 'JOB_EXECUTION_STATUS_UNSPECIFIED') }),
    BulkJobStatusChange: async (req, client) => {
      const r = await d.api.bulkJobStatusChange(req as never, client());
      // Upstream answers with an error when any job could not be changed (the changed ones stay changed).
      if (r.errors.length > 0) throw new ApiError(Code.PERMISSION_DENIED, r.errors.join('; '));
      return { count: r.count, jobExecutions: r.jobExecutions };
    },
  };
  const definition = prowServiceDefinition(d.root);
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const method of Object.values(service.methods)) {
    const handler = handlers[method.name];
    implementation[method.name] = (call: grpc.ServerUnaryCall<Record<string, unknown>, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      const header = (name: string): string | undefined => {
        const v = call.metadata.get(name)[0];
        return v === undefined ? undefined : String(v);
      };
      handler(call.request, () => identifyClient(d.clients(), header, d.tokens))
        .then((res) => callback(null, res))
        .catch((e: unknown) => {
          if (e instanceof ApiError) {
            callback({ code: e.code, details: e.message });
            return;
          }
          d.logger.error('gangway call failed', { method: method.name, error: e });
          callback({ code: grpc.status.INTERNAL, details: (e as Error).message });
        });
    };
  }
  return { definition, implementation };
}

/** Starts a gRPC server with the service on `port` (0 picks one); resolves with the bound port. */
export async function startGrpcServer(d: GrpcDeps, port: number, host = '0.0.0.0'): Promise<{ server: grpc.Server; port: number }> {
  const server = new grpc.Server();
  const { definition, implementation } = grpcService(d);
  server.addService(definition, implementation);
  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(new Error(`gangway: cannot listen on gRPC port ${port}: ${err.message}`)) : resolve(p)));
  });
  return { server, port: bound };
}
