// What `prow hmac` changes, decided from the secret's tokens, `managed_webhooks.org_repo_config` and the time, as
// upstream's hmac tool does: a new org or repo gets a token and a webhook; one whose newest token was created before
// `token_created_after` gets a new token and its webhook switched to it (rotation), the older tokens staying
// accepted for the grace period; one no longer configured loses its token and webhook. The global (`*`) token is
// kept only with `respect_legacy_global_token`.
import { GLOBAL_HMAC_KEY, type HmacToken, type HmacTokenMap } from '../../github/hmac.js';
import type { ManagedWebhooks } from '../../config/types.js';

export type Change =
  | { kind: 'onboard'; key: string; token: HmacToken }
  | { kind: 'rotate'; key: string; token: HmacToken }
  /** The newest token is current: make sure the webhook exists. */
  | { kind: 'keep'; key: string; token: HmacToken }
  | { kind: 'remove'; key: string };

export interface HmacPlan {
  changes: Change[];
  /** The secret with new tokens added and nothing taken away: written before any webhook changes. */
  staged: HmacTokenMap;
  /** The secret once every webhook change succeeded (old tokens past the grace period pruned, removed keys gone). */
  final: HmacTokenMap;
}

const createdMs = (t: HmacToken): number => (t.created_at ? Date.parse(t.created_at) : 0);

function newest(tokens: HmacToken[]): HmacToken {
  return tokens.reduce((a, b) => (createdMs(b) >= createdMs(a) ? b : a));
}

export function planHmac(current: HmacTokenMap, config: ManagedWebhooks | undefined, now: Date, graceMs: number, newToken: () => string): HmacPlan {
  const wanted = config?.org_repo_config ?? {};
  const staged: HmacTokenMap = new Map([...current].map(([k, v]) => [k, [...v]]));
  const final: HmacTokenMap = new Map();
  const changes: Change[] = [];
  const mint = (): HmacToken => ({ value: newToken(), created_at: now.toISOString() });

  for (const [key, entry] of Object.entries(wanted)) {
    if (key === GLOBAL_HMAC_KEY) throw new Error(`managed_webhooks.org_repo_config: "${key}" is not an org or org/repo`);
    const after = entry?.token_created_after ? Date.parse(entry.token_created_after) : 0;
    if (Number.isNaN(after)) throw new Error(`managed_webhooks.org_repo_config."${key}".token_created_after: "${entry?.token_created_after}" is not a time`);
    const tokens = current.get(key) ?? [];
    if (tokens.length === 0) {
      const token = mint();
      staged.set(key, [token]);
      final.set(key, [token]);
      changes.push({ kind: 'onboard', key, token });
      continue;
    }
    const latest = newest(tokens);
    if (createdMs(latest) < after) {
      const token = mint();
      staged.set(key, [...tokens, token]);
      final.set(key, graceMs > 0 ? [...tokens, token] : [token]);
      changes.push({ kind: 'rotate', key, token });
      continue;
    }
    // Older tokens left by an earlier rotation go once the newest one has been in place for the grace period.
    final.set(key, createdMs(latest) + graceMs <= now.getTime() ? [latest] : tokens);
    changes.push({ kind: 'keep', key, token: latest });
  }
  for (const key of current.keys()) {
    if (key === GLOBAL_HMAC_KEY || key in wanted) continue;
    changes.push({ kind: 'remove', key });
  }
  const global = current.get(GLOBAL_HMAC_KEY);
  if (global && config?.respect_legacy_global_token) final.set(GLOBAL_HMAC_KEY, global);
  return { changes, staged, final };
}

/** The secret as upstream writes it: a YAML map of `key: [{value, created_at}]`. */
export function serializeTokenMap(m: HmacTokenMap): string {
  const lines: string[] = [];
  for (const [key, tokens] of [...m].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`${JSON.stringify(key)}:`);
    for (const t of tokens) {
      lines.push(`- value: ${JSON.stringify(t.value)}`);
      if (t.created_at) lines.push(`  created_at: ${JSON.stringify(t.created_at)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
