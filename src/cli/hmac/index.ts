// `prow hmac`: reconciles the webhooks of the orgs and repos in `managed_webhooks` and their HMAC tokens in the
// secret file (the one hook reads with --hmac-secret-file), as upstream's hmac tool. Order keeps deliveries
// verifiable throughout: new tokens are written to the secret first, then webhooks are created, switched or
// deleted, then old and removed tokens leave the secret. A key whose webhook change failed keeps its old tokens.
import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { configPathsFromFlags } from '../../config/flags.js';
import { parseGoDuration } from '../../config/duration.js';
import { loadConfig } from '../../config/load.js';
import { isNotFound, type GitHubClient } from '../../github/client.js';
import { parseHmacTokenMap, registerHmacToken, type HmacTokenMap } from '../../github/hmac.js';
import type { HookRequest } from '../../github/types.js';
import { UsageError, type GitHubCommandContext } from '../github-command.js';
import { planHmac, serializeTokenMap, type Change } from './plan.js';

async function writeSecret(file: string, m: HmacTokenMap): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, serializeTokenMap(m), { mode: 0o600 });
  await rename(tmp, file);
}

/** Creates or updates (or, with token undefined, deletes) the webhook pointing at hookUrl. */
async function reconcileHook(gh: GitHubClient, key: string, hookUrl: string, token: string | undefined, onlyIfMissing: boolean): Promise<string> {
  const [org, repo] = key.split('/') as [string, string | undefined];
  let hooks;
  try {
    hooks = await gh.listHooks(org, repo);
  } catch (e) {
    // An org or repo that is gone has no webhook left to delete.
    if (token === undefined && isNotFound(e)) return `no webhook to delete (${key} not found)`;
    throw e;
  }
  const existing = hooks.find((h) => h.config.url === hookUrl);
  if (token === undefined) {
    if (!existing) return 'no webhook to delete';
    await gh.deleteHook(org, repo, existing.id);
    return 'webhook deleted';
  }
  if (existing && onlyIfMissing) return 'webhook in place';
  const req: HookRequest = { active: true, events: ['*'], config: { url: hookUrl, content_type: 'json', insecure_ssl: '0', secret: token } };
  if (existing) {
    await gh.editHook(org, repo, existing.id, req);
    return 'webhook updated';
  }
  await gh.createHook(org, repo, req);
  return 'webhook created';
}

/**
 * With managed_webhooks.auto_accept_invitation, as upstream: admin invitations to the managed orgs and repos (a repo
 * of a managed org counts) are accepted so webhooks can be made; every other invitation is left pending.
 */
async function acceptInvitations(gh: GitHubClient, keys: string[], print: (line: string) => void): Promise<void> {
  const managed = new Set(keys.map((k) => k.toLowerCase()));
  for (const inv of await gh.listRepoInvitations()) {
    const repo = inv.repository.full_name.toLowerCase();
    if (inv.permissions !== 'admin' || !(managed.has(repo) || managed.has(repo.split('/')[0]))) continue;
    await gh.acceptRepoInvitation(inv.id);
    print(`accepted the invitation to ${inv.repository.full_name}`);
  }
  for (const { org, role } of await gh.listPendingOrgInvitations()) {
    if (role !== 'admin' || !managed.has(org.toLowerCase())) continue;
    await gh.acceptOrgInvitation(org);
    print(`accepted the invitation to org ${org}`);
  }
}

/** `prow hmac`: returns the exit code. */
export async function runHmac({ flags, github, print }: GitHubCommandContext): Promise<number> {
  const hookUrl = flags.string('hook-url');
  const file = flags.string('hmac-secret-file');
  if (!flags.string('config-path')) throw new UsageError('--config-path is required');
  if (!hookUrl || !/^https?:\/\//.test(hookUrl)) throw new UsageError('--hook-url must be an http(s) URL');
  if (!file) throw new UsageError('--hmac-secret-file is required');
  const { config } = await loadConfig(configPathsFromFlags(flags));
  if (!config.managed_webhooks) throw new UsageError('config has no managed_webhooks: nothing to reconcile (refusing to remove every managed webhook)');
  let current: HmacTokenMap = new Map();
  try {
    current = parseHmacTokenMap(await readFile(file, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`${file}: ${(e as Error).message}`);
  }
  const newToken = (): string => registerHmacToken(randomBytes(32).toString('hex'));
  let plan;
  try {
    plan = planHmac(current, config.managed_webhooks, new Date(), parseGoDuration(flags.string('rotation-grace-period') ?? '0s'), newToken);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const label = (c: Change): string => ({ onboard: 'onboard', rotate: 'rotate token', keep: 'check webhook', remove: 'remove' })[c.kind];
  if (flags.bool('dry-run')) {
    for (const c of plan.changes) print(`would ${label(c)}: ${c.key}`);
    print(`hmac: dry run: ${plan.changes.filter((c) => c.kind !== 'keep').length} change(s)`);
    return 0;
  }

  if (config.managed_webhooks.auto_accept_invitation) await acceptInvitations(github.forOrg(''), Object.keys(config.managed_webhooks.org_repo_config ?? {}), print);
  await writeSecret(file, plan.staged);
  const final = new Map(plan.final);
  let failed = 0;
  for (const c of plan.changes) {
    const org = c.key.split('/')[0];
    try {
      const what = await reconcileHook(github.forOrg(org), c.key, hookUrl, c.kind === 'remove' ? undefined : c.token.value, c.kind === 'keep');
      if (c.kind !== 'keep' || what !== 'webhook in place') print(`${c.key}: ${label(c)}: ${what}`);
    } catch (e) {
      failed++;
      // Keep what the key had, so deliveries signed either way still verify; the next run tries again.
      const had = plan.staged.get(c.key);
      if (had) final.set(c.key, had);
      print(`error: ${c.key}: ${label(c)}: ${(e as Error).message}; its tokens are kept`);
    }
  }
  await writeSecret(file, final);
  const count = (k: Change['kind']): number => plan.changes.filter((c) => c.kind === k).length;
  print(`hmac: ${count('onboard')} onboarded, ${count('rotate')} rotated, ${count('remove')} removed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}
