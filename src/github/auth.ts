// Credentials for GitHub: a personal/bot token read from a file (re-read whenever the file changes, so a
// rotated secret takes effect without a restart), or a GitHub App whose installation tokens are fetched per org,
// cached, and refreshed before they expire.
import { createSign } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { registerSecret } from '../runtime/logger.js';

/** Reads a token file; cheap to call per request (a stat, and a read only when the file changed). */
export class TokenFile {
  private token = '';
  private stamp = '';

  constructor(readonly path: string) {
    this.read();
    if (this.token === '') throw new Error(`GitHub token file ${path} is empty`);
  }

  current(): string {
    try {
      const st = statSync(this.path);
      if (`${st.mtimeMs}:${st.size}:${st.ino}` !== this.stamp) this.read();
    } catch {
      // A file being replaced (as a Kubernetes secret volume does) can be missing for a moment: keep the last token.
    }
    return this.token;
  }

  private read(): void {
    const st = statSync(this.path);
    const token = readFileSync(this.path, 'utf8').trim();
    this.stamp = `${st.mtimeMs}:${st.size}:${st.ino}`;
    if (token !== '') {
      registerSecret(token);
      this.token = token;
    }
  }
}

/** RS256 JSON Web Token that authenticates as the App itself (valid 10 minutes, backdated for clock skew). */
export function appJwt(appId: string, privateKeyPem: string, nowMs = Date.now()): string {
  const now = Math.floor(nowMs / 1000);
  const enc = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc({ iat: now - 60, exp: now + 9 * 60, iss: appId })}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKeyPem).toString('base64url');
  return `${unsigned}.${signature}`;
}

export interface InstallationToken {
  token: string;
  expiresAt: number;
}

/** What the App auth needs from the API, given a JWT: kept as functions so the transport stays the only HTTP path. */
export interface AppApi {
  installationId(jwt: string, org: string): Promise<number>;
  createInstallationToken(jwt: string, installationId: number): Promise<InstallationToken>;
}

/** Installation tokens are refreshed this long before they expire. */
const REFRESH_BEFORE_MS = 5 * 60_000;

export class AppAuth {
  private readonly privateKey: string;
  private jwtCache: { jwt: string; expiresAt: number } | undefined;
  private readonly tokens = new Map<string, InstallationToken>();
  private readonly inflight = new Map<string, Promise<InstallationToken>>();
  private readonly installations = new Map<string, number>();

  constructor(readonly appId: string, privateKeyPath: string, private readonly api: AppApi, private readonly now: () => number = Date.now) {
    this.privateKey = readFileSync(privateKeyPath, 'utf8');
    registerSecret(this.privateKey);
  }

  jwt(): string {
    const t = this.now();
    if (!this.jwtCache || this.jwtCache.expiresAt - t < 60_000) {
      this.jwtCache = { jwt: appJwt(this.appId, this.privateKey, t), expiresAt: t + 9 * 60_000 };
    }
    return this.jwtCache.jwt;
  }

  /** The installation token for `org`, from the cache while it has more than five minutes left. */
  async tokenFor(org: string): Promise<string> {
    const key = org.toLowerCase();
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt - this.now() > REFRESH_BEFORE_MS) return cached.token;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.refresh(org).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return (await pending).token;
  }

  private async refresh(org: string): Promise<InstallationToken> {
    const key = org.toLowerCase();
    let id = this.installations.get(key);
    if (id === undefined) {
      id = await this.api.installationId(this.jwt(), org);
      this.installations.set(key, id);
    }
    const tok = await this.api.createInstallationToken(this.jwt(), id);
    registerSecret(tok.token);
    this.tokens.set(key, tok);
    return tok;
  }
}
