// A Bugzilla client for the bugzilla plugin, as upstream's pkg/bugzilla uses the server: the REST API (read, update,
// create and comment on bugs) and the JSON-RPC ExternalBugs extension (link a pull request to a bug and unlink it).
// The API key goes where --bugzilla-auth-method says (both X-BUGZILLA-API-KEY and ?api_key= when unset, as upstream).
// Every request is timed in bugzilla_request_duration{method,status}.
import client from 'prom-client';
import { getOrCreate } from '../runtime/metrics.js';
import {
  BugzillaError, cloneDescription, GITHUB_TRACKER_URL, identifierForPull, pullFromIdentifier,
  type Bug, type BugComment, type BugUpdate, type BugzillaAPI, type ExternalPull,
} from './bug.js';

const CLONE_FIELDS = ['alias', 'assigned_to', 'cc', 'component', 'flags', 'groups', 'keywords', 'op_sys', 'platform', 'priority', 'product', 'qa_contact', 'severity', 'summary', 'target_milestone', 'version'];

export type BugzillaAuthMethod = 'bearer' | 'query' | 'x-bugzilla-api-key' | '';

export interface BugzillaClientOptions {
  endpoint: string;
  apiKey?: () => string;
  authMethod?: BugzillaAuthMethod;
  /** --bugzilla-github-external-tracker-id: the ext_type_id for GitHub external bugs (0: by URL). */
  githubExternalTrackerId?: number;
  metrics?: client.Registry;
}

export class BugzillaClient implements BugzillaAPI {
  readonly endpoint: string;
  private readonly duration?: client.Histogram<'method' | 'status'>;

  constructor(private readonly opts: BugzillaClientOptions) {
    this.endpoint = opts.endpoint.replace(/\/+$/, '');
    if (opts.metrics) {
      this.duration = getOrCreate(opts.metrics, 'bugzilla_request_duration', () => new client.Histogram({
        name: 'bugzilla_request_duration', help: 'Bugzilla request duration by API path.', labelNames: ['method', 'status'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [opts.metrics!],
      }));
    }
  }

  private async call(method: string, httpMethod: string, p: string, query: [string, string][] = [], body?: unknown): Promise<unknown> {
    const url = new URL(`${this.endpoint}${p}`);
    for (const [k, v] of query) url.searchParams.append(k, v);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const key = this.opts.apiKey?.() ?? '';
    if (key !== '') {
      const how = this.opts.authMethod ?? '';
      if (how === 'bearer') headers.authorization = `Bearer ${key}`;
      if (how === 'x-bugzilla-api-key' || how === '') headers['x-bugzilla-api-key'] = key;
      if (how === 'query' || how === '') url.searchParams.append('api_key', key);
    }
    const stop = this.duration?.startTimer({ method });
    let res: Response;
    try {
      res = await fetch(url, { method: httpMethod, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
    } catch (e) {
      stop?.({ status: '' });
      throw new BugzillaError(`cannot reach ${this.endpoint}: ${(e as Error).message}`, -1);
    }
    stop?.({ status: String(res.status) });
    const text = await res.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const err = json as { error?: unknown; code?: number; message?: string } | undefined;
    if (err?.error === true) throw new BugzillaError(String(err.message ?? 'unknown error'), res.status, Number(err.code ?? 0));
    if (res.status !== 200) throw new BugzillaError(`response code ${res.status} not 200`, res.status);
    if (json === undefined || typeof json !== 'object') throw new BugzillaError(`${httpMethod} ${p}: the response is not JSON`, res.status);
    return json;
  }

  private async bugs(method: string, id: number, include: string[]): Promise<Record<string, unknown>[]> {
    const json = await this.call(method, 'GET', `/rest/bug/${id}`, include.map((f) => ['include_fields', f]));
    const bugs = (json as { bugs?: unknown }).bugs;
    if (!Array.isArray(bugs) || bugs.length !== 1) throw new BugzillaError(`did not get one bug, but ${Array.isArray(bugs) ? bugs.length : 0}`, 200);
    return bugs as Record<string, unknown>[];
  }

  async getBug(id: number): Promise<Bug> {
    const [bug] = await this.bugs('GetBug', id, ['_default', 'flags']);
    if (typeof bug!.id !== 'number' || typeof bug!.status !== 'string') throw new BugzillaError(`bug ${id}: the response has no id or status`, 200);
    return bug as Bug;
  }

  async getExternalBugPRsOnBug(id: number): Promise<ExternalPull[]> {
    const [bug] = await this.bugs('GetExternalBugPRsOnBug', id, ['external_bugs']);
    const ext = (bug!.external_bugs ?? []) as { bug_id?: number; ext_bz_bug_id?: string; type?: { url?: string } }[];
    const pulls: ExternalPull[] = [];
    for (const e of Array.isArray(ext) ? ext : []) {
      if (e.bug_id !== id || e.type?.url !== GITHUB_TRACKER_URL) continue;
      const pull = pullFromIdentifier(String(e.ext_bz_bug_id ?? ''));
      if (pull) pulls.push(pull);
    }
    return pulls;
  }

  async updateBug(id: number, update: BugUpdate): Promise<void> {
    await this.call('UpdateBug', 'PUT', `/rest/bug/${id}`, [], update);
  }

  private async rpc(method: string, rpcMethod: string, params: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
    const json = (await this.call(method, 'POST', '/jsonrpc.cgi', [], { jsonrpc: '1.0', method: rpcMethod, params: [params], id: 'identifier' })) as {
      error?: { code?: number; message?: string } | null; id?: string; result?: Record<string, unknown> | null;
    };
    if (json.error) throw new BugzillaError(`JSONRPC error ${json.error.code ?? 0}: ${json.error.message ?? ''}`, 200, json.error.code ?? 0);
    if (json.id !== 'identifier') throw new BugzillaError(`JSONRPC returned mismatched identifier, expected identifier but got ${json.id}`, 200);
    return json.result ?? undefined;
  }

  async addPullRequestAsExternalBug(id: number, org: string, repo: string, num: number): Promise<boolean> {
    const ident = identifierForPull(org, repo, num);
    const trackerId = this.opts.githubExternalTrackerId ?? 0;
    const ext = trackerId !== 0 ? { ext_type_id: trackerId, ext_bz_bug_id: ident } : { ext_type_url: GITHUB_TRACKER_URL, ext_bz_bug_id: ident };
    let result: Record<string, unknown> | undefined;
    try {
      result = await this.rpc('AddExternalBug', 'ExternalBugs.add_external_bug', { bug_ids: [id], external_bugs: [ext] });
    } catch (e) {
      // Adding a link that is there already fails on the server's unique constraint: nothing changed.
      if (e instanceof BugzillaError && e.code === 100500 && e.message.includes('duplicate key value violates unique constraint "ext_bz_bug_map_bug_id_idx"')) return false;
      throw e;
    }
    const bugs = (result?.bugs ?? []) as { id?: number; changes?: Record<string, { added?: string }> }[];
    return bugs.some((b) => b.id === id && String(b.changes?.['ext_bz_bug_map.ext_bz_bug_id']?.added ?? '').includes(ident));
  }

  async removePullRequestAsExternalBug(id: number, org: string, repo: string, num: number): Promise<boolean> {
    const ident = identifierForPull(org, repo, num);
    let result: Record<string, unknown> | undefined;
    try {
      result = await this.rpc('RemoveExternalBug', 'ExternalBugs.remove_external_bug', { bug_ids: [id], ext_type_url: GITHUB_TRACKER_URL, ext_bz_bug_id: ident });
    } catch (e) {
      if (e instanceof BugzillaError && e.code === 1006 && e.message.includes('No external tracker bugs were found that matched your criteria')) return false;
      throw e;
    }
    const removed = (result?.external_bugs ?? []) as { ext_bz_bug_id?: string }[];
    return removed.some((b) => b.ext_bz_bug_id === ident);
  }

  async getClones(bug: Bug): Promise<Bug[]> {
    const clones: Bug[] = [];
    for (const id of bug.blocks ?? []) {
      const blocked = await this.getBug(id);
      if (blocked.summary === bug.summary) clones.push(blocked);
    }
    return clones;
  }

  async cloneBug(bug: Bug): Promise<number> {
    const [sub] = await this.bugs('GetSubComponentsOnBug', bug.id, ['sub_components']);
    const commentsJson = (await this.call('GetComments', 'GET', `/rest/bug/${bug.id}/comment`)) as { bugs?: Record<string, { comments?: BugComment[] }> };
    const comments = commentsJson.bugs?.[String(bug.id)]?.comments ?? [];
    const create: Record<string, unknown> = {};
    for (const f of CLONE_FIELDS) if (bug[f] !== undefined && bug[f] !== '') create[f] = bug[f];
    const subComponents = sub!.sub_components as Record<string, string[]> | undefined;
    if (subComponents && Object.keys(subComponents).length > 0) create.sub_components = subComponents;
    if (comments.some((c) => c.is_private)) create.comment_is_private = true;
    create.description = cloneDescription(bug.id, comments);
    const created = (await this.call('CreateBug', 'POST', '/rest/bug', [], create)) as { id?: unknown };
    if (typeof created.id !== 'number') throw new BugzillaError('CreateBug: the response has no bug id', 200);
    const update: BugUpdate = { depends_on: { add: [bug.id] } };
    if (typeof bug.whiteboard === 'string' && bug.whiteboard !== '') update.whiteboard = bug.whiteboard;
    if ((bug.blocks ?? []).length > 0) update.blocks = { add: [...bug.blocks!] };
    await this.updateBug(created.id, update);
    return created.id;
  }

  async createComment(id: number, text: string, isPrivate: boolean): Promise<void> {
    await this.call('CreateComment', 'POST', `/rest/bug/${id}/comment`, [], { id, comment: text, is_private: isPrivate });
  }
}
