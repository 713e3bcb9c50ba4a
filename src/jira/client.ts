// A small Jira REST (v2) client for the jira plugin, as upstream's jira client uses it: list projects, read an
// issue, and read, add and update an issue's remote links. Basic auth (username and password) or a bearer token.
export interface JiraRemoteLink {
  id?: number;
  object: { url: string; title: string; icon?: { url16x16?: string; title?: string } };
}

export interface JiraAPI {
  /** The Jira base URL (for `…/browse/KEY-1` links). */
  readonly baseUrl: string;
  listProjectKeys(): Promise<string[]>;
  /** undefined when the issue does not exist. */
  getIssue(key: string): Promise<{ key: string } | undefined>;
  getRemoteLinks(key: string): Promise<JiraRemoteLink[]>;
  addRemoteLink(key: string, link: JiraRemoteLink): Promise<void>;
  updateRemoteLink(key: string, id: number, link: JiraRemoteLink): Promise<void>;
}

export interface JiraClientOptions {
  endpoint: string;
  username?: string;
  password?: () => string;
  bearerToken?: () => string;
}

export class JiraClient implements JiraAPI {
  readonly baseUrl: string;
  constructor(private readonly opts: JiraClientOptions) {
    this.baseUrl = opts.endpoint.replace(/\/+$/, '');
  }

  private headers(): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' };
    if (this.opts.bearerToken) h.authorization = `Bearer ${this.opts.bearerToken()}`;
    else if (this.opts.username !== undefined && this.opts.password) h.authorization = `Basic ${Buffer.from(`${this.opts.username}:${this.opts.password()}`).toString('base64')}`;
    return h;
  }

  private async call(method: string, p: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}/rest/api/2${p}`, { method, headers: this.headers(), body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
    } catch (e) {
      throw new Error(`jira: cannot reach ${this.baseUrl}: ${(e as Error).message}`);
    }
    const text = await res.text();
    if (res.status === 404) return { status: 404, json: undefined };
    if (res.status < 200 || res.status > 299) throw new Error(`jira: ${method} ${p}: HTTP ${res.status}`);
    if (text === '') return { status: res.status, json: undefined };
    try {
      return { status: res.status, json: JSON.parse(text) as unknown };
    } catch {
      throw new Error(`jira: ${method} ${p}: the response is not JSON`);
    }
  }

  async listProjectKeys(): Promise<string[]> {
    const { json } = await this.call('GET', '/project');
    if (!Array.isArray(json)) throw new Error('jira: GET /project: not a list of projects');
    return json.map((p) => String((p as { key?: unknown }).key ?? '')).filter((k) => k !== '');
  }

  async getIssue(key: string): Promise<{ key: string } | undefined> {
    const r = await this.call('GET', `/issue/${encodeURIComponent(key)}`);
    return r.status === 404 ? undefined : { key: String((r.json as { key?: unknown } | undefined)?.key ?? key) };
  }

  async getRemoteLinks(key: string): Promise<JiraRemoteLink[]> {
    const { json } = await this.call('GET', `/issue/${encodeURIComponent(key)}/remotelink`);
    return Array.isArray(json) ? (json as JiraRemoteLink[]) : [];
  }

  async addRemoteLink(key: string, link: JiraRemoteLink): Promise<void> {
    await this.call('POST', `/issue/${encodeURIComponent(key)}/remotelink`, link);
  }

  async updateRemoteLink(key: string, id: number, link: JiraRemoteLink): Promise<void> {
    await this.call('PUT', `/issue/${encodeURIComponent(key)}/remotelink/${id}`, link);
  }
}
