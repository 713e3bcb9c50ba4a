// HTTP servers by port. Roles ask for the express app on their port; roles that share a port share an app
// (in all-in-one mode hook and deck keep separate ports, as upstream). Servers listen as soon as they are
// requested, so a port conflict fails the role's start with a clear error.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Logger } from './logger.js';

interface Served {
  app: express.Express;
  server: http.Server;
  owners: string[];
  /** Exact paths answered by a plain node:http handler ahead of the express app (hot paths such as /hook). */
  direct: Map<string, (req: IncomingMessage, res: ServerResponse) => void>;
}

export class HttpServers {
  private readonly served = new Map<number, Served>();

  constructor(private readonly logger: Logger, private readonly host = '0.0.0.0') {}

  /** The app listening on `port` (0 picks a free port; read it back with `port(owner)`). */
  async serve(port: number, owner: string): Promise<express.Express> {
    const existing = port === 0 ? [...this.served.values()].find((s) => s.owners.includes(owner)) : this.served.get(port);
    if (existing) {
      if (!existing.owners.includes(owner)) existing.owners.push(owner);
      return existing.app;
    }
    const app = express();
    app.disable('x-powered-by');
    const direct: Served['direct'] = new Map();
    const server = http.createServer((req, res) => {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const handler = direct.size > 0 ? direct.get(q < 0 ? url : url.slice(0, q)) : undefined;
      if (handler) handler(req, res);
      else app(req, res);
    });
    // Slow or idle clients must not hold the process open at shutdown for long.
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException): void => {
        reject(new Error(`${owner}: cannot listen on port ${port}: ${err.code === 'EADDRINUSE' ? 'address already in use' : err.message}`));
      };
      server.once('error', onError);
      server.listen(port, this.host, () => {
        server.off('error', onError);
        resolve();
      });
    });
    const actual = (server.address() as AddressInfo).port;
    this.served.set(actual, { app, server, owners: [owner], direct });
    this.logger.info('listening', { port: actual, for: owner });
    return app;
  }

  /** Answers `path` on the owner's port with a plain node:http handler, before the express app sees it. */
  direct(owner: string, path: string, handler: (req: IncomingMessage, res: ServerResponse) => void): void {
    const served = [...this.served.values()].find((s) => s.owners.includes(owner));
    if (!served) throw new Error(`${owner}: no server to add ${path} to; call serve first`);
    served.direct.set(path, handler);
  }

  /** The port the owner's server listens on (useful with port 0). */
  port(owner: string): number | undefined {
    for (const [port, s] of this.served) if (s.owners.includes(owner)) return port;
    return undefined;
  }

  /** Stops accepting connections, waits for in-flight requests up to `graceMs`, then drops the rest. */
  async close(graceMs: number): Promise<void> {
    await Promise.all(
      [...this.served.values()].map(async ({ server }) => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        await closed;
        clearTimeout(timer);
      }),
    );
    this.served.clear();
  }
}
