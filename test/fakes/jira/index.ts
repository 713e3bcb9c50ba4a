// A fake Jira REST v2 API: projects, issues and their remote links, as the jira plugin uses them.
//   const jira = await FakeJira.start({ projects: ['ABC'], issues: ['ABC-1'] }); jira.url; jira.links('ABC-1');
import express from 'express';
import { listen, type Listening } from '../capture/listen.js';

interface Link {
  id: number;
  object: { url: string; title: string; icon?: unknown };
}

export class FakeJira {
  readonly requests: string[] = [];
  private readonly remote = new Map<string, Link[]>();
  private seq = 100;
  private constructor(private readonly listening: Listening, private readonly projects: string[], private readonly issues: Set<string>) {}

  static async start(opts: { projects: string[]; issues: string[] }): Promise<FakeJira> {
    const app = express();
    app.use(express.json());
    const ref: { self?: FakeJira } = {};
    app.use((req, _res, next) => {
      ref.self!.requests.push(`${req.method} ${req.path}`);
      next();
    });
    const issueOr404 = (req: express.Request, res: express.Response): string | undefined => {
      const key = String(req.params.key).toUpperCase();
      if (!ref.self!.issues.has(key)) {
        res.status(404).json({ errorMessages: ['Issue Does Not Exist'], errors: {} });
        return undefined;
      }
      return key;
    };
    app.get('/rest/api/2/project', (_req, res) => res.json(ref.self!.projects.map((key, i) => ({ id: String(10000 + i), key, name: key }))));
    app.get('/rest/api/2/issue/:key', (req, res) => {
      const key = issueOr404(req, res);
      if (key) res.json({ id: '1', key, fields: {} });
    });
    app.get('/rest/api/2/issue/:key/remotelink', (req, res) => {
      const key = issueOr404(req, res);
      if (key) res.json(ref.self!.links(key));
    });
    app.post('/rest/api/2/issue/:key/remotelink', (req, res) => {
      const key = issueOr404(req, res);
      if (!key) return;
      const link = { id: ref.self!.seq++, object: (req.body as Link).object };
      ref.self!.remote.set(key, [...ref.self!.links(key), link]);
      res.status(201).json({ id: link.id, self: `${ref.self!.url}/rest/api/2/issue/${key}/remotelink/${link.id}` });
    });
    app.put('/rest/api/2/issue/:key/remotelink/:id', (req, res) => {
      const key = issueOr404(req, res);
      if (!key) return;
      const id = Number(req.params.id);
      ref.self!.remote.set(key, ref.self!.links(key).map((l) => (l.id === id ? { id, object: (req.body as Link).object } : l)));
      res.status(204).end();
    });
    ref.self = new FakeJira(await listen(app), opts.projects, new Set(opts.issues));
    return ref.self;
  }

  get url(): string {
    return this.listening.url;
  }

  links(key: string): Link[] {
    return this.remote.get(key) ?? [];
  }

  stop(): Promise<void> {
    return this.listening.close();
  }
}
