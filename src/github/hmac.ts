// Webhook HMAC secrets and signature checks, in both of upstream's --hmac-secret-file formats:
//   - a plain token (used for every org and repo);
//   - a YAML map from `*` (global), `org` or `org/repo` to a list of `{value, created_at}` tokens. The most specific
//     entry for the delivery's repository applies, and any token in its list is accepted, so a token can be rotated
//     by adding the new one before GitHub is switched over and removing the old one after.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { parseConfigYaml } from '../config/yaml.js';
import { registerSecret, type Logger } from '../runtime/logger.js';

/** Where upstream's Deployments mount the webhook secret (hook's and the external plugins' default). */
export const DEFAULT_HMAC_SECRET_FILE = '/etc/webhook/hmac';

export interface HmacToken {
  value: string;
  created_at?: string;
}

/** Key `*` is global; other keys are `org` or `org/repo`. */
export type HmacSecrets = Map<string, string[]>;

export const GLOBAL_HMAC_KEY = '*';

/** Tokens with their `created_at`, per key; a plain token becomes the global (`*`) entry. */
export type HmacTokenMap = Map<string, HmacToken[]>;

export function parseHmacTokenMap(text: string): HmacTokenMap {
  const trimmed = text.trim();
  if (trimmed === '') throw new Error('the HMAC secret is empty');
  let doc: unknown;
  try {
    doc = parseConfigYaml(trimmed);
  } catch {
    doc = undefined;
  }
  const out: HmacTokenMap = new Map();
  if (doc !== null && typeof doc === 'object' && !Array.isArray(doc)) {
    for (const [key, list] of Object.entries(doc as Record<string, unknown>)) {
      if (!Array.isArray(list)) throw new Error(`HMAC secret entry "${key}" must be a list of {value, created_at}`);
      const tokens = list.map((t: unknown, i): HmacToken => {
        const v = (t as HmacToken | null)?.value;
        if (typeof v !== 'string' || v === '') throw new Error(`HMAC secret entry "${key}"[${i}] has no value`);
        const created = (t as { created_at?: unknown }).created_at;
        // YAML reads an unquoted timestamp as a Date.
        const createdAt = created instanceof Date ? created.toISOString() : typeof created === 'string' ? created : undefined;
        return createdAt ? { value: v, created_at: createdAt } : { value: v };
      });
      out.set(key, tokens);
    }
  } else {
    out.set(GLOBAL_HMAC_KEY, [{ value: trimmed }]);
  }
  for (const list of out.values()) for (const t of list) registerSecret(t.value);
  return out;
}

export function parseHmacSecrets(text: string): HmacSecrets {
  return new Map([...parseHmacTokenMap(text)].map(([k, tokens]) => [k, tokens.map((t) => t.value)]));
}

/** Registers a freshly made token so logs never show it; returns it. */
export function registerHmacToken(value: string): string {
  registerSecret(value);
  return value;
}

export function readHmacSecrets(path: string): HmacSecrets {
  return parseHmacSecrets(readFileSync(path, 'utf8'));
}

/** The tokens that may sign a delivery for `fullName` (`org/repo`, or `org` for org-level events). */
export function tokensFor(secrets: HmacSecrets, fullName: string | undefined): string[] {
  if (fullName) {
    const repo = secrets.get(fullName);
    if (repo) return repo;
    const org = secrets.get(fullName.split('/')[0]);
    if (org) return org;
  }
  return secrets.get(GLOBAL_HMAC_KEY) ?? [];
}

/** `sha256=<hex>` (X-Hub-Signature-256) or `sha1=<hex>` (X-Hub-Signature) for a body. */
export function sign(body: Buffer | string, token: string, algorithm: 'sha256' | 'sha1' = 'sha256'): string {
  return `${algorithm}=${createHmac(algorithm, token).update(body).digest('hex')}`;
}

/** Exact forms of the two headers: X-Hub-Signature-256 (sha256) and X-Hub-Signature (sha1). */
const SIGNATURE_FORMS = new Map([
  ['sha256', /^sha256=([0-9a-fA-F]{64})$/],
  ['sha1', /^sha1=([0-9a-fA-F]{40})$/],
]);

/**
 * True when `signature`, exactly in the form of `algorithm`'s header (prefix and full-length hex, nothing more),
 * matches the body under one of `tokens`; constant time per token.
 */
export function verifySignature(body: Buffer, signature: string, tokens: string[], algorithm: 'sha256' | 'sha1'): boolean {
  const m = SIGNATURE_FORMS.get(algorithm)!.exec(signature);
  if (!m) return false;
  const given = Buffer.from(m[1]!, 'hex');
  let ok = false;
  for (const token of tokens) {
    const expected = createHmac(algorithm, token).update(body).digest();
    // Every token is checked (no early exit), so timing does not tell which one matched.
    if (given.length === expected.length && timingSafeEqual(given, expected)) ok = true;
  }
  return ok;
}

/**
 * The secrets in `file` (hook's and the external plugins' --hmac-secret-file), re-read when it changes: checked at
 * most once a second (a stat per delivery costs more than the HMAC); a bad new version keeps the last good one.
 */
export function hmacSecretsFromFile(file: string, logger: Logger): () => HmacSecrets {
  let stamp = '';
  let current: HmacSecrets | undefined;
  let checked = 0;
  const load = (): void => {
    let s: string;
    try {
      const st = statSync(file);
      s = `${st.mtimeMs}:${st.size}:${st.ino}`;
    } catch (e) {
      if (!current) throw new Error(`cannot read --hmac-secret-file ${file}: ${(e as Error).message}`);
      return;
    }
    if (s === stamp) return;
    try {
      current = readHmacSecrets(file);
      stamp = s;
    } catch (e) {
      if (!current) throw new Error(`bad --hmac-secret-file ${file}: ${(e as Error).message}`);
      logger.error('cannot reload the HMAC secret; keeping the previous one', { error: e });
      stamp = s;
    }
  };
  load();
  checked = Date.now();
  return () => {
    if (Date.now() - checked >= 1000) {
      checked = Date.now();
      load();
    }
    return current!;
  };
}
