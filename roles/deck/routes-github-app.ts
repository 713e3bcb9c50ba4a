// /github-app: connect a GitHub App in a few clicks (GitHub's manifest flow), or learn how to use a token, and
// which webhook URL GitHub must deliver to. The App's private key lands on this machine, so the flow is only
// offered to a browser on this machine (loopback, no proxy in between).
import type express from 'express';
import { buildManifest, convertManifestCode, newAppUrl, readStoredApp, APP_EVENTS, APP_PERMISSIONS, type StoredApp } from './github-app.js';
import type { DeckDeps } from './deps.js';
import { escapeHtml, page } from './html.js';
import { pageContext, query } from './session.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function isLocal(req: express.Request): boolean {
  const proxied = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined || req.headers['x-forwarded-host'] !== undefined;
  return !proxied && LOOPBACK.has(req.socket.remoteAddress ?? '');
}

function deckUrl(req: express.Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** The hook's /hook on the host the browser used for Deck, at the hook's port. */
function defaultWebhookUrl(req: express.Request, hookPort: number | undefined): string {
  return `${req.protocol}://${req.hostname}:${hookPort ?? 8888}/hook`;
}

function isLocalHost(url: string): boolean {
  try {
    const h = new URL(url).hostname;
    return h === 'localhost' || h.startsWith('127.') || h === '[::1]' || h.endsWith('.local');
  } catch {
    return false;
  }
}

const code = (s: string): string => `<code>${escapeHtml(s)}</code>`;

function reachability(webhookUrl: string): string {
  const local = isLocalHost(webhookUrl)
    ? `<p class="warn"><b>${code(webhookUrl)} is only reachable from this machine.</b> GitHub delivers webhooks over the internet: give it an address it can reach (a public host name, or a tunnel to the hook's port). Without a public endpoint, run the hook in poll mode (${code('--github-poll-interval=30s')}; the README's section “No event lost: catch-up and poll mode”).</p>`
    : '';
  return `<p>GitHub must deliver webhooks to the hook: ${code(webhookUrl)} (the hook's ${code('/hook')} on ${code('--hook-port')}), which checks each delivery with the webhook secret.</p>${local}`;
}

function restartCommand(app: StoredApp): string {
  const flags = [`--github-app-id ${app.id}`, `--github-app-private-key-path ${app.privateKeyFile}`];
  if (app.webhookSecretFile) flags.push(`--hmac-secret-file ${app.webhookSecretFile}`);
  return `npm start -- ${flags.join(' ')}`;
}

function storedHtml(app: StoredApp, webhookUrl: string | undefined): string {
  const install = app.htmlUrl ? `${app.htmlUrl}/installations/new` : '';
  return `<section class="card" id="app-created"><h2>GitHub App ${escapeHtml(app.slug)} (ID <span id="app-id">${app.id}</span>)</h2>
<p>Its ID, private key${app.webhookSecretFile ? ' and webhook secret' : ''} are stored in ${code(app.dir)} (readable by this user only).</p>
<ol>
<li>Install the App on the repositories Prow should act on${install ? `: <a href="${escapeHtml(install)}">${escapeHtml(install)}</a>` : ''}.</li>
<li>Restart Prow with the App:<pre id="restart-command">${escapeHtml(restartCommand(app))}</pre></li>
${app.webhookSecretFile ? '' : `<li>GitHub set no webhook secret: set one in the App's settings and pass it with ${code('--hmac-secret-file')}.</li>`}
<li>Enable plugins for your org or repos in plugins.yaml (e.g. ${code('trigger')}), and add jobs.</li>
</ol>
${webhookUrl ? reachability(webhookUrl) : ''}</section>`;
}

export function mountGitHubAppRoutes(app: express.Express, deps: DeckDeps): void {
  const setup = deps.githubApp;
  if (!setup) return;
  const send = (req: express.Request, res: express.Response, title: string, body: string, status = 200): void => {
    res.status(status).type('html').send(page({ title, body, current: '/github-app', ...pageContext(req, res, deps) }));
  };
  const refuseRemote = (req: express.Request, res: express.Response): boolean => {
    if (isLocal(req)) return false;
    send(req, res, 'Connect GitHub', `<h1>Connect GitHub</h1><p>Creating a GitHub App stores its private key on the machine Prow runs on, so this page works only in a browser on that machine (${code(`http://localhost:${req.socket.localPort ?? 8080}/github-app`)}), not through a proxy. From elsewhere, tunnel Deck's port (${code('ssh -L 8080:localhost:8080 HOST')}) or pass a token with ${code('--github-token-path')}.</p>`, 403);
    return true;
  };

  app.get('/github-app', (req, res) => {
    if (refuseRemote(req, res)) return;
    const stored = readStoredApp(setup.dataDir);
    const webhookUrl = query(req, 'webhook_url')?.trim() || defaultWebhookUrl(req, setup.hookPort());
    const name = query(req, 'name')?.trim();
    const org = query(req, 'org')?.trim() || undefined;
    const status = setup.connected
      ? '<p id="github-status">GitHub access is configured for this process.</p>'
      : `<p id="github-status">GitHub access is not configured: jobs run, but nothing is reported to GitHub and plugins cannot act.</p>`;
    if (name) {
      if (org && !/^[A-Za-z0-9-]{1,39}$/.test(org)) {
        send(req, res, 'Connect GitHub', `<h1>Connect GitHub</h1><p class="error">${code(org)} is not a GitHub organization name.</p><p><a href="/github-app">Back</a></p>`, 400);
        return;
      }
      if (!/^https?:\/\/[^\s]+$/.test(webhookUrl)) {
        send(req, res, 'Connect GitHub', `<h1>Connect GitHub</h1><p class="error">The webhook URL must be an http(s) URL.</p><p><a href="/github-app">Back</a></p>`, 400);
        return;
      }
      const manifest = buildManifest({ name, deckUrl: deckUrl(req), webhookUrl });
      const action = newAppUrl(setup.webBase, org, setup.states.issue());
      const perms = Object.entries(APP_PERMISSIONS).map(([k, v]) => `<li>${escapeHtml(k)}: ${escapeHtml(v)}</li>`).join('');
      const body = `<h1>Create the GitHub App</h1>
<p>GitHub will show this App for ${org ? `the organization ${code(org)}` : 'your account'} with everything filled in; confirm there, and GitHub sends you back here.</p>
<table class="plain"><tbody><tr><th scope="row">Name</th><td>${escapeHtml(name)}</td></tr><tr><th scope="row">Webhook URL</th><td id="manifest-webhook">${escapeHtml(webhookUrl)}</td></tr>
<tr><th scope="row">Permissions</th><td><ul class="compact">${perms}</ul></td></tr><tr><th scope="row">Events</th><td>${APP_EVENTS.map(escapeHtml).join(', ')}</td></tr></tbody></table>
${reachability(webhookUrl)}
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="manifest" value="${escapeHtml(JSON.stringify(manifest))}"><button type="submit" id="create-app">Create the App on GitHub</button></form>`;
      send(req, res, 'Create the GitHub App', body);
      return;
    }
    const body = `<h1>Connect GitHub</h1>${status}
${stored ? storedHtml(stored, undefined) : ''}
<section class="card"><h2>Create a GitHub App</h2>
<p>Prow acts on GitHub as an App: it gets the permissions upstream Prow documents (issues, pull requests and statuses read and write; contents, checks, members read) and every event it handles.</p>
<form method="get" action="/github-app" class="stacked">
<label>App name <input name="name" required value="${escapeHtml(`prow-${req.hostname}`.slice(0, 34))}"></label>
<label>Organization (empty: your own account) <input name="org" autocomplete="off"></label>
<label>Webhook URL <input name="webhook_url" type="url" required value="${escapeHtml(webhookUrl)}"></label>
<button type="submit">Continue</button>
</form>
${reachability(webhookUrl)}</section>
<section class="card"><h2>Or use a token</h2><p>A personal access token (classic, ${code('repo')} scope) of a bot account works too:</p>
<pre>npm start -- --github-token-path /path/to/token --hmac-secret-file /path/to/webhook-secret</pre>
<p>Give GitHub's repository webhook (content type ${code('application/json')}) the webhook URL above and the same secret.</p></section>`;
    send(req, res, 'Connect GitHub', body);
  });

  app.get('/github-app/redirect', async (req, res) => {
    if (refuseRemote(req, res)) return;
    const code_ = query(req, 'code');
    if (!setup.states.take(query(req, 'state')) || !code_) {
      send(req, res, 'Connect GitHub', '<h1>Connect GitHub</h1><p class="error">This link was not started from this Deck, was already used or expired; start again at <a href="/github-app">Connect GitHub</a>.</p>', 400);
      return;
    }
    try {
      const stored = await convertManifestCode(setup.apiBase, code_, setup.dataDir);
      deps.logger.info('GitHub App created and stored', { app_id: stored.id, slug: stored.slug, dir: stored.dir });
      send(req, res, 'GitHub App created', `<h1>GitHub App created</h1>${storedHtml(stored, defaultWebhookUrl(req, setup.hookPort()))}`);
    } catch (e) {
      deps.logger.warn('GitHub App manifest conversion failed', { error: e });
      send(req, res, 'Connect GitHub', `<h1>Connect GitHub</h1><p class="error">${escapeHtml((e as Error).message)}</p><p><a href="/github-app">Start again</a></p>`, 502);
    }
  });
}
