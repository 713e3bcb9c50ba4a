// What the image and joke plugins (yuks, pony, cat, dog, goose, trick-or-treat) share: reading a public API through
// the endpoint plugins.yaml configures (with a timeout, so an offline machine answers promptly), checking an image
// is small enough for GitHub to show (upstream's ImageTooBig: HEAD, 200, Content-Length ≤ 5 MiB), and making what
// came from outside safe to put in a Markdown comment.

/** upstream's github.ImageSizeLimit. */
export const IMAGE_SIZE_LIMIT = 5242880;
const TIMEOUT_MS = 5000;

/** GETs `url` and parses JSON; throws a short error for a network failure, a non-2xx answer or a body that is not JSON. */
export async function getJson(url: string, headers: Record<string, string> = {}): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json', ...headers }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (e) {
    throw new Error(`could not reach ${safeOrigin(url)}: ${(e as Error).message}`);
  }
  const text = await res.text();
  if (res.status < 200 || res.status > 299) throw new Error(`failing ${res.status} response from ${safeOrigin(url)}`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`the response from ${safeOrigin(url)} is not JSON`);
  }
}

/** An image URL's size check; throws when it cannot be told (not reachable, not 200). */
export async function imageTooBig(url: string): Promise<boolean> {
  const res = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (res.status !== 200) throw new Error(`failing ${res.status} response`);
  return Number(res.headers.get('content-length') ?? 0) > IMAGE_SIZE_LIMIT;
}

/** The origin of a URL, without the query (which may hold an API key). */
export function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the endpoint';
  }
}

/**
 * An http(s) URL from an API answer, made safe inside Markdown link and image syntax: characters that could close
 * the link or start HTML are percent-encoded. Throws for anything that is not an http(s) URL.
 */
export function markdownUrl(raw: unknown): string {
  if (typeof raw !== 'string' || raw === '') throw new Error('no image url in the response');
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new Error(`invalid image url ${JSON.stringify(raw.slice(0, 200))}`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error(`invalid image url ${JSON.stringify(raw.slice(0, 200))}`);
  return u.href.replace(/[()[\]<>"' `\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** upstream yuks' escapeMarkdown: anything but word characters and `?'!., ` becomes an HTML entity. */
export function escapeMarkdown(s: string): string {
  let out = '';
  for (const ch of s) out += /^[\w?'!., ]$/.test(ch) ? ch : `&#${ch.codePointAt(0)};`;
  return out;
}

/** Calls `fn` up to `times` times; the first success, or the last error. */
export async function firstSuccess<T>(times: number, fn: () => Promise<T>, onError: (e: unknown, attempt: number) => void): Promise<{ value: T } | { error: unknown }> {
  let last: unknown;
  for (let i = 1; i <= times; i++) {
    try {
      return { value: await fn() };
    } catch (e) {
      last = e;
      onError(e, i);
    }
  }
  return { error: last };
}
