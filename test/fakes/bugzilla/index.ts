// A fake Bugzilla: the REST API (bugs, their comments) and the JSON-RPC ExternalBugs extension, as the bugzilla
// plugin's client uses them. It checks the API key, answers errors in Bugzilla's shape and can be made to answer junk.
//   const bz = await FakeBugzilla.start({ apiKey: 'k', bugs: [{ id: 1, status: 'NEW', ... }] });
//   bz.url; bz.bug(1).status; bz.links(1); bz.comments(1); bz.answerJunk = true;
import express from 'express';
import type { Bug } from '../../../src/bugzilla/bug.js';
import { listen, type Listening } from '../capture/listen.js';

/** A bug as the fake keeps it: what the client reads, plus the fields only cloning and updates touch. */
export type FakeBug = Bug & { whiteboard?: string; sub_components?: Record<string, string[]> };

export interface FakeComment {
  text: string;
  creator: string;
  creation_time: string;
  is_private: boolean;
}

interface ExternalLink {
  type: string;
  id: string;
}

const GITHUB = 'https://github.com/';

export class FakeBugzilla {
  /** `METHOD /path` (and the JSON-RPC method) of each request, in order. */
  readonly requests: string[] = [];
  /** When set, every answer is a 200 with a body that is not JSON. */
  answerJunk = false;
  private readonly bugs = new Map<number, FakeBug>();
  private readonly external = new Map<number, ExternalLink[]>();
  private readonly notes = new Map<number, FakeComment[]>();
  private nextId = 1000;
  private constructor(private readonly listening: Listening, private readonly apiKey: string | undefined) {}

  static async start(opts: { apiKey?: string; bugs?: FakeBug[] } = {}): Promise<FakeBugzilla> {
    const app = express();
    app.use(express.json());
    const ref: { self?: FakeBugzilla } = {};
    const self = (): FakeBugzilla => ref.self!;
    app.use((req, res, next) => {
      const rpc = req.path === '/jsonrpc.cgi' ? ` ${String((req.body as { method?: string }).method)}` : '';
      self().requests.push(`${req.method} ${req.path}${rpc}`);
      if (self().answerJunk) {
        res.status(200).type('text/html').send('<html>Service Unavailable</html>');
        return;
      }
      const key = req.get('x-bugzilla-api-key') ?? (typeof req.query.api_key === 'string' ? req.query.api_key : undefined) ?? req.get('authorization')?.replace(/^Bearer /, '');
      if (self().apiKey !== undefined && key !== self().apiKey) {
        res.status(401).json({ error: true, code: 306, message: 'The API key you specified is invalid.' });
        return;
      }
      next();
    });
    const bugOr404 = (req: express.Request, res: express.Response): FakeBug | undefined => {
      const bug = self().bugs.get(Number(req.params.id));
      if (!bug) res.status(404).json({ error: true, code: 101, message: `Bug #${String(req.params.id)} does not exist.` });
      return bug;
    };
    app.get('/rest/bug/:id', (req, res) => {
      const bug = bugOr404(req, res);
      if (!bug) return;
      const include = ([] as unknown[]).concat(req.query.include_fields ?? []).map(String);
      if (include.includes('external_bugs')) {
        res.json({ bugs: [{ external_bugs: self().links(bug.id).map((l) => ({ bug_id: bug.id, ext_bz_bug_id: l.id, type: { url: l.type } })) }] });
      } else if (include.includes('sub_components')) {
        res.json({ bugs: [{ sub_components: bug.sub_components ?? {} }] });
      } else {
        const { sub_components: _s, ...rest } = bug;
        res.json({ bugs: [rest], faults: [] });
      }
    });
    app.put('/rest/bug/:id', (req, res) => {
      const bug = bugOr404(req, res);
      if (!bug) return;
      const u = req.body as { status?: string; resolution?: string; target_release?: string[]; depends_on?: { add?: number[] }; blocks?: { add?: number[] }; whiteboard?: string };
      if (u.status !== undefined) bug.status = u.status;
      if (u.resolution !== undefined) bug.resolution = u.resolution;
      if (u.target_release !== undefined) bug.target_release = u.target_release;
      if (u.whiteboard !== undefined) bug.whiteboard = u.whiteboard;
      for (const dep of u.depends_on?.add ?? []) {
        bug.depends_on = [...(bug.depends_on ?? []), dep];
        const parent = self().bugs.get(dep);
        if (parent) parent.blocks = [...(parent.blocks ?? []), bug.id];
      }
      for (const b of u.blocks?.add ?? []) bug.blocks = [...(bug.blocks ?? []), b];
      bug.is_open = !['CLOSED', 'VERIFIED', 'RELEASE_PENDING'].includes(bug.status);
      res.json({ bugs: [{ id: bug.id, changes: {} }] });
    });
    app.post('/rest/bug', (req, res) => {
      const body = req.body as Record<string, unknown>;
      const id = self().nextId++;
      const { description, comment_is_private: priv, ...fields } = body;
      self().bugs.set(id, { ...fields, id, status: 'NEW', is_open: true } as FakeBug);
      self().notes.set(id, [{ text: String(description ?? ''), creator: 'bot@example.com', creation_time: new Date().toISOString(), is_private: priv === true }]);
      res.json({ id });
    });
    app.get('/rest/bug/:id/comment', (req, res) => {
      const bug = bugOr404(req, res);
      if (bug) res.json({ bugs: { [bug.id]: { comments: self().comments(bug.id) } }, comments: {} });
    });
    app.post('/rest/bug/:id/comment', (req, res) => {
      const bug = bugOr404(req, res);
      if (!bug) return;
      const b = req.body as { comment?: string; is_private?: boolean };
      self().notes.set(bug.id, [...self().comments(bug.id), { text: String(b.comment ?? ''), creator: 'bot@example.com', creation_time: new Date().toISOString(), is_private: b.is_private === true }]);
      res.status(201).json({ id: 5000 + self().comments(bug.id).length });
    });
    app.post('/jsonrpc.cgi', (req, res) => res.json(self().rpc(req.body as { method?: string; params?: Record<string, unknown>[]; id?: string })));
    ref.self = new FakeBugzilla(await listen(app), opts.apiKey);
    for (const b of opts.bugs ?? []) ref.self.addBug(b);
    return ref.self;
  }

  get url(): string {
    return this.listening.url;
  }

  addBug(bug: FakeBug): void {
    this.bugs.set(bug.id, { is_open: true, ...structuredClone(bug) });
    if (!this.notes.has(bug.id)) this.notes.set(bug.id, [{ text: `Description of ${bug.id}`, creator: 'reporter@example.com', creation_time: '2026-01-02T03:04:05Z', is_private: false }]);
  }

  bug(id: number): FakeBug {
    const b = this.bugs.get(id);
    if (!b) throw new Error(`fake Bugzilla: no bug ${id}`);
    return b;
  }

  /** The GitHub pulls linked to a bug (`org/repo/pull/N`). */
  links(id: number): ExternalLink[] {
    return this.external.get(id) ?? [];
  }

  linkPull(id: number, org: string, repo: string, num: number): void {
    this.external.set(id, [...this.links(id), { type: GITHUB, id: `${org}/${repo}/pull/${num}` }]);
  }

  comments(id: number): FakeComment[] {
    return this.notes.get(id) ?? [];
  }

  stop(): Promise<void> {
    return this.listening.close();
  }

  private rpc(body: { method?: string; params?: Record<string, unknown>[]; id?: string }): unknown {
    const p = body.params?.[0] ?? {};
    const ids = (p.bug_ids ?? []) as number[];
    const missing = ids.find((i) => !this.bugs.has(i));
    if (missing !== undefined) return { error: { code: 101, message: `Bug #${missing} does not exist.` }, id: body.id, result: null };
    if (body.method === 'ExternalBugs.add_external_bug') {
      const wanted = (p.external_bugs ?? []) as { ext_type_url?: string; ext_bz_bug_id: string }[];
      const bugs = ids.map((id) => {
        const added: string[] = [];
        for (const w of wanted) {
          if (this.links(id).some((l) => l.id === w.ext_bz_bug_id)) {
            return undefined;
          }
          this.external.set(id, [...this.links(id), { type: w.ext_type_url ?? GITHUB, id: w.ext_bz_bug_id }]);
          added.push(w.ext_bz_bug_id);
        }
        return { id, changes: { 'ext_bz_bug_map.ext_bz_bug_id': { added: added.join(', '), removed: '' } } };
      });
      if (bugs.includes(undefined)) return { error: { code: 100500, message: 'DBD::Pg::db do failed: ERROR:  duplicate key value violates unique constraint "ext_bz_bug_map_bug_id_idx"' }, id: body.id, result: null };
      return { error: null, id: body.id, result: { bugs } };
    }
    if (body.method === 'ExternalBugs.remove_external_bug') {
      const removed: { ext_type_url: string; ext_bz_bug_id: string }[] = [];
      for (const id of ids) {
        const keep = this.links(id).filter((l) => l.id !== p.ext_bz_bug_id);
        if (keep.length !== this.links(id).length) removed.push({ ext_type_url: GITHUB, ext_bz_bug_id: String(p.ext_bz_bug_id) });
        this.external.set(id, keep);
      }
      if (removed.length === 0) return { error: { code: 1006, message: 'No external tracker bugs were found that matched your criteria.' }, id: body.id, result: null };
      return { error: null, id: body.id, result: { external_bugs: removed } };
    }
    return { error: { code: 32601, message: `The method '${String(body.method)}' was not found.` }, id: body.id, result: null };
  }
}
