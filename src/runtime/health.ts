// /healthz answers 200 while the process runs; /healthz/ready only once config is loaded and every role has
// started, and no longer once shutdown begins (so a load balancer stops sending work first).
import type express from 'express';

export class Readiness {
  private ready = false;
  private reason = 'starting';

  set(ready: boolean, reason = ''): void {
    this.ready = ready;
    this.reason = reason;
  }

  isReady(): boolean {
    return this.ready;
  }

  mount(app: express.Express): void {
    app.get('/healthz', (_req, res) => {
      res.status(200).type('text/plain').send('OK');
    });
    app.get('/healthz/ready', (_req, res) => {
      if (this.ready) res.status(200).type('text/plain').send('OK');
      else res.status(503).type('text/plain').send(`not ready: ${this.reason}`);
    });
  }
}
