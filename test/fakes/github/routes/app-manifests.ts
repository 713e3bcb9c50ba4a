// GitHub's App manifest flow: the "create a GitHub App from a manifest" web page
// (POST /settings/apps/new or /organizations/:org/settings/apps/new with a `manifest` form field and ?state=)
// creates the App and redirects to the manifest's redirect_url with a one-time code, which
// POST /app-manifests/:code/conversions (no authentication, as on GitHub) exchanges for the App's ID, private
// key, webhook secret and OAuth credentials. The fake has no consent page: the App is created at once, owned by
// the org in the path, else by the signed-in OAuth user, else the bot.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type express from 'express';
import { GitHubError, validationFailed } from '../model.js';
import { body, param, queryString } from '../http-helpers.js';
import type { RouteContext } from './context.js';

export interface ManifestApp {
  id: number;
  slug: string;
  name: string;
  owner: string;
  /** The manifest as posted (hook_attributes, default_permissions, default_events, …). */
  manifest: Record<string, unknown>;
  privateKeyPem: string;
  publicKeyPem: string;
  webhookSecret: string;
  clientId: string;
  clientSecret: string;
}

export interface ManifestState {
  /** Apps created through the flow, in order. */
  apps: ManifestApp[];
  /** Unconverted codes: code → app id. */
  codes: Map<string, number>;
  /** Who the web page acts for when no org is in the path. */
  user: () => string;
}

function manifestOf(req: express.Request): Record<string, unknown> {
  const raw = body(req).manifest;
  if (typeof raw !== 'string') throw new GitHubError(422, 'Invalid GitHub App configuration: the manifest form field is missing');
  let m: unknown;
  try {
    m = JSON.parse(raw);
  } catch {
    throw new GitHubError(422, 'Invalid GitHub App configuration: the manifest is not JSON');
  }
  if (!m || typeof m !== 'object' || Array.isArray(m)) throw new GitHubError(422, 'Invalid GitHub App configuration: the manifest must be an object');
  const manifest = m as Record<string, unknown>;
  for (const f of ['name', 'url', 'redirect_url']) if (typeof manifest[f] !== 'string' || !manifest[f]) throw validationFailed('Integration', f, 'missing_field');
  const hook = manifest.hook_attributes as { url?: unknown } | undefined;
  if (hook && (typeof hook.url !== 'string' || !/^https?:\/\//.test(hook.url))) throw validationFailed('Integration', 'hook_attributes.url', 'invalid');
  return manifest;
}

export function appManifestRoutes(app: express.Express, ctx: RouteContext, ms: ManifestState): void {
  const create = (owner: string) => (req: express.Request, res: express.Response): void => {
    const manifest = manifestOf(req);
    ctx.state.ensureUser(owner);
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const name = String(manifest.name);
    const rec: ManifestApp = {
      id: ctx.state.id(),
      slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''),
      name,
      owner,
      manifest,
      privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      webhookSecret: randomBytes(20).toString('hex'),
      clientId: `Iv1.${randomBytes(8).toString('hex')}`,
      clientSecret: randomBytes(20).toString('hex'),
    };
    ms.apps.push(rec);
    const code = randomBytes(10).toString('hex');
    ms.codes.set(code, rec.id);
    const to = new URL(String(manifest.redirect_url));
    to.searchParams.set('code', code);
    const state = queryString(req, 'state');
    if (state !== undefined) to.searchParams.set('state', state);
    res.redirect(302, to.toString());
  };
  app.post('/settings/apps/new', (req, res) => create(ms.user())(req, res));
  app.post('/organizations/:org/settings/apps/new', (req, res) => create(param(req, 'org'))(req, res));

  app.post('/app-manifests/:code/conversions', (req, res) => {
    const code = param(req, 'code');
    const id = ms.codes.get(code);
    const rec = ms.apps.find((a) => a.id === id);
    if (!rec) throw new GitHubError(404, 'Not Found');
    ms.codes.delete(code);
    const owner = ctx.state.ensureUser(rec.owner);
    res.status(201).json({
      id: rec.id,
      slug: rec.slug,
      node_id: Buffer.from(`App${rec.id}`).toString('base64'),
      owner: ctx.shapes.user(owner.login),
      name: rec.name,
      description: String(rec.manifest.description ?? ''),
      external_url: rec.manifest.url,
      html_url: `${ctx.urls.html}/apps/${rec.slug}`,
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
      permissions: rec.manifest.default_permissions ?? {},
      events: rec.manifest.default_events ?? [],
      client_id: rec.clientId,
      client_secret: rec.clientSecret,
      webhook_secret: rec.webhookSecret,
      pem: rec.privateKeyPem,
    });
  });
}
