// The ProwJob store: the only channel between roles. Both backends (file, Kubernetes) implement this
// interface and pass the same contract suite (test/unit/store/contract.ts).
import type { ProwJob } from '../api/prowjob.js';

export interface SelectorOptions {
  /** Kubernetes label selector syntax: `a=b,c!=d,e in (x,y),!f,g`. */
  labelSelector?: string;
}

export interface ListOptions extends SelectorOptions {
  /**
   * Only jobs not in a final state (trigger and override look for runs to abort among a PR's presubmits, most of
   * them finished). The file store skips finished jobs without reading them.
   */
  unfinished?: boolean;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchEventType;
  object: ProwJob;
}

export interface WatchOptions extends SelectorOptions {
  /**
   * Resume after this resourceVersion; events newer than it are delivered. Omitted: start with ADDED for every
   * existing job. Too old to resume from (history compacted, or the store restarted): `onError` gets a GoneError
   * and the watch stops; watch again without a resourceVersion (ADDED for every job, then changes).
   */
  resourceVersion?: string;
  /** Informer resync: re-deliver every matching job as MODIFIED (same resourceVersion) this often. Off when unset. */
  resyncMs?: number;
}

export interface Watch {
  stop(): void;
}

/** Thrown by `update` when `metadata.resourceVersion` is not the stored one. */
export class ConflictError extends Error {
  constructor(name: string, message?: string) {
    super(message ?? `conflict updating prowjob ${name}: the object has been modified; reload and try again`);
    this.name = 'ConflictError';
  }
}

export class NotFoundError extends Error {
  constructor(name: string) {
    super(`prowjob ${name} not found`);
    this.name = 'NotFoundError';
  }
}

export class AlreadyExistsError extends Error {
  constructor(name: string) {
    super(`prowjob ${name} already exists`);
    this.name = 'AlreadyExistsError';
  }
}

/** The resourceVersion a watch asked to resume from is too old (Kubernetes' 410 Gone). */
export class GoneError extends Error {
  constructor(resourceVersion: string) {
    super(`too old resource version: ${resourceVersion}`);
    this.name = 'GoneError';
  }
}

export interface ProwJobStore {
  /** The namespace ProwJobs live in (`prowjob_namespace`). */
  readonly namespace: string;
  get(name: string): Promise<ProwJob>;
  list(opts?: ListOptions): Promise<ProwJob[]>;
  /** Stores a new job; sets resourceVersion, uid and creationTimestamp. */
  create(job: ProwJob): Promise<ProwJob>;
  /** Replaces a job if `metadata.resourceVersion` matches; otherwise ConflictError. */
  update(job: ProwJob): Promise<ProwJob>;
  delete(name: string): Promise<void>;
  watch(opts: WatchOptions, onEvent: (ev: WatchEvent) => void, onError?: (err: Error) => void): Watch;
  close(): Promise<void>;
}
