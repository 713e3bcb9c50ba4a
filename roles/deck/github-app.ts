// Connecting a GitHub App through GitHub's manifest flow: Deck builds the manifest (upstream's documented
// permissions, the events Prow handles, the hook's webhook URL), the browser posts it to GitHub, GitHub redirects
// back with a one-time code, and the code is exchanged (POST /app-manifests/{code}/conversions) for the App's ID,
// private key and webhook secret, which are stored under <data-dir>/github-app/.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { registerSecret } from '../../src/runtime/logger.js';

/** Upstream's "Deploying Prow" minimum set (Tide's read permissions included, for when it is enabled). */
export const APP_PERMISSIONS: Record<string, 'read' | 'write'> = {
  actions: 'read',
  administration: 'read',
  checks: 'read',
  contents: 'read',
  issues: 'write',
  metadata: 'read',
  members: 'read',
  // The project and project-manager plugins add issues and PRs to the org's Projects (v2).
  organization_projects: 'write',
  // Tide enqueues PRs where a branch requires GitHub's merge queue; trigger hears merge_group events.
  merge_queues: 'write',
  pull_requests: 'write',
  statuses: 'write',
};

/** "Subscribe to all events" as far as these permissions allow. */
export const APP_EVENTS = [
  'check_run', 'check_suite', 'commit_comment', 'create', 'delete', 'issue_comment', 'issues', 'label', 'member',
  'membership', 'merge_group', 'pull_request', 'pull_request_review', 'pull_request_review_comment', 'push', 'release',
  'repository', 'status', 'team',
];

export interface ManifestInput {
  name: string;
  /** Deck's own base URL (the App's homepage and where GitHub redirects back). */
  deckUrl: string;
  webhookUrl: string;
}

export function buildManifest(i: ManifestInput): Record<string, unknown> {
  const base = i.deckUrl.replace(/\/+$/, '');
  return {
    name: i.name,
    url: `${base}/`,
    hook_attributes: { url: i.webhookUrl, active: true },
    redirect_url: `${base}/github-app/redirect`,
    public: false,
    default_permissions: APP_PERMISSIONS,
    default_events: APP_EVENTS,
  };
}

/** Where GitHub's "new App from manifest" page is: the user's account, or an org's. */
export function newAppUrl(webBase: string, org: string | undefined, state: string): string {
  const where = org ? `/organizations/${encodeURIComponent(org)}/settings/apps/new` : '/settings/apps/new';
  const u = new URL(`${webBase.replace(/\/+$/, '')}${where}`);
  u.searchParams.set('state', state);
  return u.toString();
}

export interface StoredApp {
  id: number;
  slug: string;
  htmlUrl: string;
  owner: string;
  dir: string;
  appIdFile: string;
  privateKeyFile: string;
  /** Undefined when GitHub returned no webhook secret. */
  webhookSecretFile: string | undefined;
}

interface Conversion {
  id?: number;
  slug?: string;
  html_url?: string;
  owner?: { login?: string };
  pem?: string;
  webhook_secret?: string | null;
}

function writePrivate(file: string, data: string, mode = 0o600): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, data, { mode });
  renameSync(tmp, file);
}

export function appDir(dataDir: string): string {
  return path.join(dataDir, 'github-app');
}

/** The App stored by an earlier run of the flow, if any. */
export function readStoredApp(dataDir: string): StoredApp | undefined {
  const dir = appDir(dataDir);
  try {
    const meta = JSON.parse(readFileSync(path.join(dir, 'app.json'), 'utf8')) as { id: number; slug: string; html_url: string; owner: string; webhook_secret?: boolean };
    const f = files(dir);
    return { id: meta.id, slug: meta.slug, htmlUrl: meta.html_url, owner: meta.owner, dir, ...f, webhookSecretFile: meta.webhook_secret === false ? undefined : f.webhookSecretFile };
  } catch {
    return undefined;
  }
}

function files(dir: string): { appIdFile: string; privateKeyFile: string; webhookSecretFile: string } {
  return { appIdFile: path.join(dir, 'app-id'), privateKeyFile: path.join(dir, 'private-key.pem'), webhookSecretFile: path.join(dir, 'webhook-secret') };
}

/** Exchanges the code GitHub redirected back with for the App's credentials and stores them. */
export async function convertManifestCode(apiBase: string, code: string, dataDir: string): Promise<StoredApp> {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(code)) throw new Error('GitHub sent a malformed code');
  const res = await fetch(`${apiBase.replace(/\/+$/, '')}/app-manifests/${code}/conversions`, {
    method: 'POST',
    headers: { Accept: 'application/vnd.github+json', 'X-GitHub-Api-Version': '2022-11-28' },
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`GitHub refused the code (${res.status}): ${text.slice(0, 300)}; codes are valid for one hour and once`);
  const c = JSON.parse(text) as Conversion;
  if (typeof c.id !== 'number' || !c.pem || !c.slug) throw new Error('GitHub\'s answer has no App ID or private key');
  registerSecret(c.pem);
  if (c.webhook_secret) registerSecret(c.webhook_secret);
  const dir = appDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const f = files(dir);
  writePrivate(f.privateKeyFile, c.pem);
  // GitHub may return no secret; the page then says to set one on the App and pass it with --hmac-secret-file.
  if (c.webhook_secret) writePrivate(f.webhookSecretFile, `${c.webhook_secret}\n`);
  writePrivate(f.appIdFile, `${c.id}\n`, 0o644);
  const meta = { id: c.id, slug: c.slug, html_url: c.html_url ?? '', owner: c.owner?.login ?? '', webhook_secret: Boolean(c.webhook_secret) };
  writePrivate(path.join(dir, 'app.json'), `${JSON.stringify(meta, null, 2)}\n`, 0o644);
  return { id: c.id, slug: c.slug, htmlUrl: meta.html_url, owner: meta.owner, dir, ...f, ...(c.webhook_secret ? {} : { webhookSecretFile: undefined }) };
}

/** One-time `state` values of flows started from this Deck (an hour each, as GitHub's codes). */
export class FlowStates {
  private readonly states = new Map<string, number>();

  issue(now = Date.now()): string {
    for (const [s, exp] of this.states) if (exp < now) this.states.delete(s);
    const s = randomBytes(16).toString('hex');
    this.states.set(s, now + 3_600_000);
    return s;
  }

  /** True once for a state this Deck issued and that has not expired. */
  take(state: string | undefined, now = Date.now()): boolean {
    if (!state) return false;
    const exp = this.states.get(state);
    this.states.delete(state);
    return exp !== undefined && exp >= now;
  }
}
