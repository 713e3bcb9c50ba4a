// Help pages from the hook's plugin help (/plugins, /command-help, /plugin-help) and /config.
import type express from 'express';
import { stringify } from 'yaml';
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

function commandHtml(plugin: string, c: PluginCommand): string {
  const examples = (c.Examples ?? []).map((e) => `<code>${escapeHtml(e)}</code>`).join(' ');
  return `<tr class="command"><td><code>${escapeHtml(c.Usage)}</code></td><td>${escapeHtml(c.Description)}</td><td>${escapeHtml(c.WhoCanUse)}</td><td>${examples}</td><td>${escapeHtml(plugin)}</td></tr>`;
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
  const withHelp = (render: (help: Help) => { title: string; body: string }): express.RequestHandler => async (req, res) => {
    if (!deps.pluginHelp) {
      res.status(404).type('text').send('Plugin help is not available: run the hook role in this process or pass --hook-url.');
      return;
    }
    try {
      const help = await deps.pluginHelp.get();
      const { title, body } = render(help);
      res.type('html').send(page({ title, body, ...pageContext(req, res, deps) }));
    } catch (e) {
      deps.logger.warn('fetching plugin help failed', { error: (e as Error).message });
      res.status(502).type('text').send('Could not get plugin help from the hook.');
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
      deps.logger.warn('fetching plugin help failed', { error: (e as Error).message });
      res.status(502).type('text').send('Could not get plugin help from the hook.');
    }
  });

  app.get('/plugins', withHelp((help) => {
    const internal = Object.entries(help.PluginHelp ?? {}).sort(([a], [b]) => a.localeCompare(b));
    const external = Object.entries(help.ExternalPluginHelp ?? {}).sort(([a], [b]) => a.localeCompare(b));
    const body = `<h1>Plugins</h1>${internal.map(([n, p]) => pluginHtml(n, p, enabledRepos(help, n, false), false)).join('')}${
      external.map(([n, p]) => pluginHtml(n, p, enabledRepos(help, n, true), true)).join('')}`;
    return { title: 'Plugins', body };
  }));

  app.get('/command-help', withHelp((help) => {
    const rows: string[] = [];
    for (const [name, p] of [...Object.entries(help.PluginHelp ?? {}), ...Object.entries(help.ExternalPluginHelp ?? {})].sort(([a], [b]) => a.localeCompare(b))) {
      for (const c of p.Commands ?? []) rows.push(commandHtml(name, c));
    }
    const body = `<h1>Command Help</h1><table class="plain"><thead><tr><th>Command</th><th>Description</th><th>Who can use</th><th>Examples</th><th>Plugin</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
    return { title: 'Command Help', body };
  }));

  app.get('/config', (_req, res) => {
    res.type('text/plain').send(stringify(withoutSecrets(deps.config())));
  });
}
