// started.json and finished.json in the PodUtils format, and the refs summary strings upstream derives.
import type { Refs } from '../../api/prowjob.js';
import type { CloneRecord } from './clonerefs.js';
import type { PodJobSpec } from './jobspec.js';

export interface Started {
  timestamp: number;
  node?: string;
  pull?: string;
  repos?: Record<string, string>;
  'repo-version'?: string;
  'repo-commit'?: string;
  metadata?: Record<string, unknown>;
}

export interface Finished {
  timestamp?: number;
  passed?: boolean;
  result?: 'SUCCESS' | 'FAILURE' | 'ABORTED';
  revision?: string;
  metadata?: Record<string, unknown>;
}

/** Upstream's Refs.String(): `base_ref:base_sha,<pr>:<sha>,…` (also PULL_REFS). */
export function refsString(refs: Refs): string {
  const parts = [refs.base_sha ? `${refs.base_ref ?? ''}:${refs.base_sha}` : (refs.base_ref ?? '')];
  for (const p of refs.pulls ?? []) parts.push(`${p.number}:${p.sha}`);
  return parts.join(',');
}

/** The SHA a run tests: the first pull's head, else the base (upstream's GetRevisionFromRefs). */
export function revisionOf(spec: PodJobSpec): string | undefined {
  const refs = spec.refs ?? spec.extra_refs?.[0];
  if (!refs) return undefined;
  return refs.pulls?.[0]?.sha || refs.base_sha;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function startedFor(spec: PodJobSpec, records: CloneRecord[], timestamp = nowSeconds()): Started {
  const started: Started = { timestamp };
  const main = spec.refs ?? spec.extra_refs?.[0];
  if (spec.type === 'presubmit' && spec.refs?.pulls?.length) started.pull = String(spec.refs.pulls[0].number);
  const repos: Record<string, string> = {};
  for (const r of [spec.refs, ...(spec.extra_refs ?? [])]) if (r) repos[`${r.org}/${r.repo}`] = refsString(r);
  if (Object.keys(repos).length) started.repos = repos;
  if (main) {
    const rec = records.find((r) => r.refs.org === main.org && r.refs.repo === main.repo);
    const version = rec?.final_sha || main.base_sha;
    if (version) {
      started['repo-version'] = version;
      started['repo-commit'] = version;
    }
  }
  return started;
}

export function finishedFor(spec: PodJobSpec, outcome: { passed: boolean; aborted?: boolean }, metadata?: Record<string, unknown>): Finished {
  const f: Finished = {
    timestamp: nowSeconds(),
    passed: outcome.passed,
    result: outcome.aborted ? 'ABORTED' : outcome.passed ? 'SUCCESS' : 'FAILURE',
  };
  const rev = revisionOf(spec);
  if (rev) f.revision = rev;
  if (metadata && Object.keys(metadata).length) f.metadata = metadata;
  return f;
}
