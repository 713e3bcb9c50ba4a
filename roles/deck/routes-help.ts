// Help pages from the hook's plugin help (/plugins, /command-help, /plugin-help) and /config.
import type express from 'express';
import { toYaml } from '../../src/config/yaml.js';
import type { DeckDeps } from './deps.js';
import { escapeHtml, page } from './html.js';
import type { PluginCommand, PluginHelp } from '../../plugins/types.js';
import type { Help } from './plugin-help.js';
import { pageContext } from './session.js';

/** Keys whose values are never shown on /config. */
const SECRET_KEY = /(secret|token|password|passwd|private_key|client_key|credential|hmac|webhook_url|api_key)/i;

/** A deep copy of the config without secret-looking values (the keys stay, the values become "<redacted>"). */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEY.test(k) && (typeof v === 'string' || typeof v === 'number') ? '<redacted>' : withoutSecrets(v);
    }
    return out;
  }
  return value;
}

const NO_PLUGINS = `<p class="empty">No plugin is enabled, so Prow answers no commands yet. Enable plugins for your org or
repositories in plugins.yaml (<code>plugins: {my-org: {plugins: [trigger]}}</code>); with <code>trigger</code>, <code>/test</code>,
<code>/retest</code> and <code>/ok-to-test</code> work on pull requests. Prow also needs GitHub access: <a href="/github-app">Connect GitHub</a>.</p>`;

/** Whether a plugin enabled at these places (`org`, `org/repo`, 'all repos') applies to `repo`. */
function enabledFor(where: string[], repo: string): boolean {
  const org = repo.split('/')[0];
  return where.some((w) => w === 'all repos' || w === repo || w === org);
}

function commandHtml(plugin: string, c: PluginCommand, where: string[]): string {
  const examples = (c.Examples ?? []).map((e) => `<code>${escapeHtml(e)}</code>`).join(' ');
  return `<tr class="command${c.Featured ? ' featured' : ''}"><td><code>${escapeHtml(c.Usage)}</code></td><td>${escapeHtml(c.Description)}</td><td>${escapeHtml(c.WhoCanUse)}</td><td>${examples}</td><td><a href="/plugins#${escapeHtml(plugin)}">${escapeHtml(plugin)}</a></td><td>${escapeHtml(where.join(', '))}</td></tr>`;
}

function pluginHtml(name: string, p: PluginHelp, repos: string[], external: boolean): string {
  const cfg = Object.entries(p.Config ?? {})
    .map(([repo, text]) => `<dt>${escapeHtml(repo || 'all repos')}</dt><dd><pre>${escapeHtml(text)}</pre></dd>`)
    .join('');
  const cmds = (p.Commands ?? []).map((c) => `<li><code>${escapeHtml(c.Usage)}</code>: ${escapeHtml(c.Description)}</li>`).join('');
  return `<div class="plugin" id="${escapeHtml(name)}"><h2>${escapeHtml(name)}${external ? ' <small>(external)</small>' : ''}</h2>
<p>${escapeHtml(p.Description)}</p>
${repos.length > 0 ? `<p><b>Enabled for:</b> ${repos.map(escapeHtml).join(', ')}</p>` : ''}
${(p.Events ?? []).length > 0 ? `<p><b>Events:</b> ${(p.Events ?? []).map(escapeHtml).join(', ')}</p>` : ''}
${cmds ? `<ul>${cmds}</ul>` : ''}${cfg ? `<dl>${cfg}</dl>` : ''}</div>`;
}

function enabledRepos(help: Help, plugin: string, external: boolean): string[] {
  const map = (external ? help.RepoExternalPlugins : help.RepoPlugins) ?? {};
  return Object.entries(map).filter(([, ps]) => ps.includes(plugin)).map(([repo]) => repo || 'all repos').sort();
}

export function mountHelpRoutes(app: express.Express, deps: DeckDeps): void {
  const withHelp = (render: (help: Help, req: express.Request) => { title: string; body: string; current: string }): express.RequestHandler => async (req, res) => {
    const send = (status: number, r: { title: string; body: string; current: string }): void => {
      res.status(status).type('html').send(page({ ...r, ...pageContext(req, res, deps) }));
    };
    const path = req.path;
    const title = path === '/plugins' ? 'Plugins' : 'Command Help';
    if (!deps.pluginHelp) {
      send(404, { title, current: path, body: `<h1>${title}</h1><p class="error">Plugin help is not available: run the hook role in this process or pass <code>--hook-url</code>.</p>` });
      return;
    }
    try {
      send(200, render(await deps.pluginHelp.get(), req));
    } catch (e) {
      deps.logger.warn('fetching plugin help failed', { error: e });
      send(502, { title, current: path, body: `<h1>${title}</h1><p class="error">Could not get plugin help from the hook; see Deck's log.</p>` });
    }
  };

  app.get('/plugin-help', async (_req, res) => {
    if (!deps.pluginHelp) {
      res.status(404).type('text').send('Plugin help is not available.');
      return;
    }
    try {
      res.json(await deps.pluginHelp.get());
    } catch (e) {
      deps.logger.warn('fetching plugin help failed', { error: e });
      res.status(502).type('text').send('Could not get plugin help from the hook.');
    }
  });

  app.get('/plugins', withHelp((help) => {
    const internal = Object.entries(help.PluginHelp ?? {}).sort(([a], [b]) => a.localeCompare(b));
    const external = Object.entries(help.ExternalPluginHelp ?? {}).sort(([a], [b]) => a.localeCompare(b));
    const list = `${internal.map(([n, p]) => pluginHtml(n, p, enabledRepos(help, n, false), false)).join('')}${
      external.map(([n, p]) => pluginHtml(n, p, enabledRepos(help, n, true), true)).join('')}`;
    return { title: 'Plugins', current: '/plugins', body: `<h1>Plugins</h1>${list || NO_PLUGINS}` };
  }));

  app.get('/command-help', withHelp((help, req) => {
    const repo = typeof req.query.repo === 'string' ? req.query.repo : '';
    const plugins = [...Object.entries(help.PluginHelp ?? {}).map(([n, p]) => ({ name: n, p, external: false })),
      ...Object.entries(help.ExternalPluginHelp ?? {}).map(([n, p]) => ({ name: n, p, external: true }))]
      .sort((a, b) => a.name.localeCompare(b.name));
    const rows: string[] = [];
    for (const { name, p, external } of plugins) {
      const where = enabledRepos(help, name, external);
      if (repo && !enabledFor(where, repo)) continue;
      for (const c of p.Commands ?? []) rows.push(commandHtml(name, c, where));
    }
    const repos = [...new Set(help.AllRepos ?? [])].sort();
    const picker = repos.length > 0
      ? `<form method="get" action="/command-help" class="inline"><label>Repository <select name="repo"><option value="">all</option>${
        repos.map((r) => `<option${r === repo ? ' selected' : ''}>${escapeHtml(r)}</option>`).join('')}</select></label> <button type="submit">Show</button></form>`
      : '';
    const table = `<div class="table-scroll"><table class="plain commands"><thead><tr><th scope="col">Command</th><th scope="col">Description</th><th scope="col">Who can use</th><th scope="col">Examples</th><th scope="col">Plugin</th><th scope="col">Enabled for</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
    const empty = plugins.length === 0 ? NO_PLUGINS : `<p class="empty">None of the enabled plugins${repo ? ` for ${escapeHtml(repo)}` : ''} takes commands.</p>`;
    return { title: 'Command Help', current: '/command-help', body: `<h1>Command Help</h1>${picker}${rows.length > 0 ? table : empty}` };
  }));

  app.get('/config', (_req, res) => {
    res.type('text/plain').send(toYaml(withoutSecrets(deps.config())));
  });
}
