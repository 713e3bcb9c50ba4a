// A generator of hostile webhooks for the fuzz suite: real GitHub bodies of every event type Prow handles (and
// names it does not), mutated the ways an attacker holding the HMAC secret could: prototype names in every string
// (each may become a lookup key: org, repo, branch, login, label, command), values of the wrong type, nulls,
// missing fields, own `__proto__` keys, deep nesting, huge strings, huge and prototype event names. Seeded, so a
// failing run can be repeated with FUZZ_SEED.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__', 'prototype'];

/** Event types Prow handles in-process. */
export const HANDLED_EVENTS = ['issue_comment', 'issues', 'pull_request', 'pull_request_review', 'pull_request_review_comment', 'push', 'status'] as const;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const WEBHOOKS = '/work/shared/reference/prow/webhooks';
const read = (f: string): Json => JSON.parse(readFileSync(path.join(WEBHOOKS, f), 'utf8')) as Json;

/** One valid body per handled event type (GitHub's own where the reference has one). */
export function baseBodies(org: string, repo: string): Record<string, Json> {
  const retarget = (j: Json): Json => {
    const s = JSON.stringify(j).replaceAll('kubernetes/test-infra', `${org}/${repo}`);
    return JSON.parse(s) as Json;
  };
  const comment = retarget(read('test_comment.json')) as { [k: string]: Json };
  const issue = comment.issue as Json;
  const repository = comment.repository as Json;
  return {
    issue_comment: comment,
    issues: { action: 'opened', issue, repository, sender: comment.sender as Json },
    pull_request: retarget(read('opened_pr.json')),
    pull_request_review: retarget(read('review_approve_submitted.json')),
    pull_request_review_comment: retarget(read('review_comment_submitted.json')),
    push: retarget(read('push.json')),
    status: { sha: 'a'.repeat(40), state: 'success', context: 'unit', description: 'ok', target_url: 'https://x', repository, sender: comment.sender as Json },
  };
}

/** The seeded PRNG plugins use (mulberry32), for reproducible hostile inputs. */
export { seededRandom as prng } from '../../plugins/shared/random.js';

interface Slot {
  parent: { [k: string]: Json } | Json[];
  key: string | number;
  value: Json;
}

/** Every (container, key) in a JSON value, depth first. */
function slots(v: Json, out: Slot[] = []): Slot[] {
  if (Array.isArray(v)) v.forEach((x, i) => { out.push({ parent: v, key: i, value: x }); slots(x, out); });
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) { out.push({ parent: v, key: k, value: x }); slots(x, out); }
  return out;
}

const set = (s: Slot, value: Json): void => {
  (s.parent as Record<string | number, Json>)[s.key] = value;
};

/** The strings Prow looks things up by, by event type: every one gets every prototype name in the fixed part. */
export const LOOKUP_PATHS: Record<string, string[]> = {
  issue_comment: ['repository.full_name', 'repository.name', 'repository.owner.login', 'comment.user.login', 'issue.user.login', 'comment.body', 'action'],
  issues: ['repository.full_name', 'repository.owner.login', 'issue.user.login', 'action'],
  pull_request: ['repository.full_name', 'repository.name', 'pull_request.base.ref', 'pull_request.user.login', 'pull_request.base.repo.owner.login', 'pull_request.base.repo.name', 'action'],
  pull_request_review: ['repository.full_name', 'review.user.login', 'review.body', 'pull_request.base.ref', 'action'],
  pull_request_review_comment: ['repository.full_name', 'comment.user.login', 'comment.body', 'pull_request.base.ref', 'action'],
  push: ['repository.full_name', 'repository.owner.name', 'ref', 'base_ref'],
  status: ['repository.full_name', 'context', 'state'],
};

function setPath(body: Json, dotted: string, value: Json): void {
  const parts = dotted.split('.');
  let cur = body as Record<string, Json>;
  for (const p of parts.slice(0, -1)) {
    if (cur[p] === null || typeof cur[p] !== 'object') cur[p] = {};
    cur = cur[p] as Record<string, Json>;
  }
  cur[parts.at(-1)!] = value;
}

const DEEP_MARK = 'ZZdeepZZ';

export interface HostileWebhook {
  event: string;
  body: string;
  /** What was done to it, for failure messages. */
  what: string;
}

/** Every handled event type × every lookup string × every prototype name, as `/test <name>` in bodies. */
export function* prototypeKeyWebhooks(bases: Record<string, Json>): Generator<HostileWebhook> {
  for (const [event, paths] of Object.entries(LOOKUP_PATHS)) {
    for (const p of paths) {
      for (const key of PROTO_KEYS) {
        const body = structuredClone(bases[event]!);
        const value = p.endsWith('full_name') ? `${key}/${key}` : p.endsWith('body') ? `/test ${key}\n/retest\n/ok-to-test` : key;
        setPath(body, p, value);
        yield { event, body: JSON.stringify(body), what: `${event} ${p}=${value}` };
      }
    }
  }
  for (const key of PROTO_KEYS) yield { event: key, body: '{}', what: `event type ${key}` };
}

/** A random hostile webhook. */
export function randomWebhook(bases: Record<string, Json>, rnd: () => number, opts: { allowHuge: boolean }): HostileWebhook {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const r = rnd();
  let event: string = pick(HANDLED_EVENTS);
  if (r < 0.05) event = pick(PROTO_KEYS);
  else if (r < 0.08) event = `unknown_${Math.floor(rnd() * 1e9)}`;
  else if (r < 0.09) event = 'e'.repeat(5_000);
  const body = structuredClone(bases[HANDLED_EVENTS.includes(event as (typeof HANDLED_EVENTS)[number]) ? event : pick(HANDLED_EVENTS)]!);
  const done: string[] = [];
  const deeps: string[] = [];
  const n = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < n; i++) {
    const all = slots(body);
    if (all.length === 0) break;
    const s = pick(all);
    const kind = rnd();
    if (kind < 0.3) {
      const strings = all.filter((x) => typeof x.value === 'string');
      const t = strings.length ? pick(strings) : s;
      const key = pick(PROTO_KEYS);
      set(t, rnd() < 0.5 ? key : `${key}/${pick(PROTO_KEYS)}`);
      done.push(`${String(t.key)}=${key}`);
    } else if (kind < 0.55) {
      const wrong: Json[] = [42, -1.5, true, false, null, [], {}, '', 'text', [pick(PROTO_KEYS)], { login: 7 }, 1e308];
      set(s, pick(wrong));
      done.push(`${String(s.key)}: wrong type`);
    } else if (kind < 0.7) {
      if (Array.isArray(s.parent)) s.parent.splice(s.key as number, 1);
      else delete s.parent[s.key as string];
      done.push(`${String(s.key)} removed`);
    } else if (kind < 0.8) {
      const objects = all.filter((x) => x.value !== null && typeof x.value === 'object' && !Array.isArray(x.value));
      if (objects.length) {
        const o = pick(objects).value as Record<string, Json>;
        // An own "__proto__" key, as JSON.parse makes it.
        Object.defineProperty(o, pick(['__proto__', 'constructor', 'hasOwnProperty']), { value: { login: 'x', polluted: true }, enumerable: true, configurable: true, writable: true });
        done.push('own prototype key');
      }
    } else if (kind < 0.9) {
      // Spliced into the JSON text at the end: nesting this deep is cheap as text, not as objects.
      const depth = 20 + Math.floor(rnd() * 5_000);
      const open = Array.from({ length: depth }, () => (rnd() < 0.5 ? '[' : '{"a":'));
      deeps.push(`${open.join('')}"bottom"${open.reverse().map((o) => (o === '[' ? ']' : '}')).join('')}`);
      set(s, `${DEEP_MARK}${deeps.length - 1}`);
      done.push(`nested ${depth} deep`);
    } else if (opts.allowHuge) {
      const strings = all.filter((x) => typeof x.value === 'string');
      const t = strings.length ? pick(strings) : s;
      const size = 256 * 1024 + Math.floor(rnd() * 3 * 1024 * 1024);
      set(t, 'A'.repeat(size));
      done.push(`${String(t.key)}: ${size} bytes`);
    } else {
      set(s, null);
      done.push(`${String(s.key)}: null`);
    }
  }
  const text = JSON.stringify(body).replace(new RegExp(`"${DEEP_MARK}(\\d+)"`, 'g'), (_m, i: string) => deeps[Number(i)]!);
  return { event, body: text, what: `${event.slice(0, 40)}: ${done.join(', ')}` };
}
