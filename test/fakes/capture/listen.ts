// Starts an express app on 127.0.0.1 and a free port; the one way the fakes listen.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';

export interface Listening {
  server: http.Server;
  url: string;
  /** Closes the server and drops open connections. */
  close(): Promise<void>;
}

export async function listen(app: express.Express): Promise<Listening> {
  const server = http.createServer(app);
  // Clients keep connections as they do with GitHub: undici drops a connection whose Keep-Alive hint is at or
  // below its 1 s threshold, so a 1 s timeout here made every request a new connection.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  let closing: Promise<void> | undefined;
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
