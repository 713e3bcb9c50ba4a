// A GitHub answer already read into memory, shaped as the parts of a fetch Response that octokit and the transport
// use: status, statusText, ok, url, headers (get, has, iteration), text/json/arrayBuffer and a body to cancel. A
// WHATWG Response costs more CPU than the GitHub call it carries (bench/hook workload B: undici's Response, Headers
// and body streams were ≈ 13 % of the hook's CPU, each answer going through three Responses and two stream reads),
// and every answer here is buffered anyway: the ETag cache keeps it, and octokit reads it whole.

/**
 * Headers as a record of lower-cased names, repeated ones joined with ", " (as a fetch Headers reads them), from any
 * form fetch takes (a record, pairs, a Headers); read without touching the global Headers, whose first use loads all
 * of undici. No prototype: a header may be named `constructor`.
 */
export function headerRecord(h: RequestInit['headers']): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  if (h === undefined) return out;
  const add = (k: string, v: string): void => {
    const key = k.toLowerCase();
    out[key] = out[key] === undefined ? v : `${out[key]}, ${v}`;
  };
  if (Array.isArray(h)) for (const [k, v] of h) add(k!, v!);
  else if (typeof (h as Headers).forEach === 'function') (h as Headers).forEach((v, k) => add(k, v));
  else for (const [k, v] of Object.entries(h)) add(k, String(v));
  return out;
}

/** Response headers, as a fetch Headers gives them (see headerRecord). */
export class AnswerHeaders implements Iterable<[string, string]> {
  private readonly record: Record<string, string>;

  constructor(headers?: RequestInit['headers']) {
    this.record = headerRecord(headers);
  }

  /** From node:http's rawHeaders (name, value, name, value, …). */
  static fromRaw(raw: readonly string[]): AnswerHeaders {
    const pairs: [string, string][] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i]!, raw[i + 1]!]);
    return new AnswerHeaders(pairs);
  }

  get(name: string): string | null {
    return this.record[name.toLowerCase()] ?? null;
  }

  has(name: string): boolean {
    return this.record[name.toLowerCase()] !== undefined;
  }

  forEach(fn: (value: string, name: string) => void): void {
    for (const [name, value] of this) fn(value, name);
  }

  entries(): IterableIterator<[string, string]> {
    return Object.entries(this.record)[Symbol.iterator]();
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/**
 * The body of a buffered answer, read whole and at once (any number of times); `cancel` (what the transport does
 * before a retry) has nothing to release.
 */
export class AnswerBody {
  constructor(readonly bytes: Buffer) {}

  text(): string {
    return this.bytes.toString('utf8');
  }

  arrayBuffer(): ArrayBuffer {
    const b = this.bytes;
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }

  cancel(): Promise<void> {
    return Promise.resolve();
  }
}

export interface AnswerInit {
  status: number;
  statusText?: string;
  url: string;
  headers: AnswerHeaders;
  /** Undefined for answers that carry none (204, 304, …). */
  bytes?: Buffer;
}

export class Answer {
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly headers: AnswerHeaders;
  readonly body: AnswerBody | null;

  constructor(init: AnswerInit) {
    this.status = init.status;
    this.statusText = init.statusText ?? '';
    this.url = init.url;
    this.headers = init.headers;
    this.body = init.bytes === undefined ? null : new AnswerBody(init.bytes);
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  text(): Promise<string> {
    return Promise.resolve(this.body?.text() ?? '');
  }

  json(): Promise<unknown> {
    return this.text().then((t) => JSON.parse(t) as unknown);
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.body?.arrayBuffer() ?? new ArrayBuffer(0));
  }
}

/**
 * An Answer where a fetch Response is expected: octokit's `request.fetch` is typed as the global fetch, and reads
 * only what Answer has (status, statusText, url, headers iterated and `get`, text, arrayBuffer, and `body` when asked
 * not to parse, which `response-body.ts` then reads).
 */
export function asResponse(a: Answer): Response {
  return a as unknown as Response;
}
