// A job executor runs ProwJobs somewhere (local processes, Kubernetes Pods). The controller-manager owns
// scheduling and ProwJob state; the executor owns the process or Pod and reports what it sees.
import type { ProwJob } from '../api/prowjob.js';

export type Observation =
  /** Accepted but not yet running the test (cloning, Pod pending). `unscheduled`: no node yet. */
  | { phase: 'pending'; unscheduled?: boolean; since?: Date }
  | { phase: 'running'; since?: Date }
  | { phase: 'done'; state: 'success' | 'failure' | 'aborted' | 'error'; description: string }
  /** The executor has nothing for this job (never started, or lost). */
  | { phase: 'missing'; description: string };

export interface StartResult {
  /** Upstream's status.pod_name: the Pod (or local run) name. */
  podName: string;
}

export interface JobExecutor {
  readonly name: string;
  /** Starts a job; idempotent for a job already started. Throws JobStartError when the job cannot run. */
  start(pj: ProwJob): Promise<StartResult>;
  observe(pj: ProwJob): Promise<Observation>;
  /** Stops the job's process or Pod (aborted jobs, timeouts). */
  abort(pj: ProwJob): Promise<void>;
  /** Frees what the job left behind once its state is final; false while something is still winding down. */
  cleanup(pj: ProwJob): Promise<boolean>;
  /** Called with a job name whenever something changed for it (so the controller need not poll). */
  onChange(listener: (name: string) => void): void;
  close(): Promise<void>;
}

/** A job that can never start (bad spec, unknown cluster): the controller marks it `error` with this message. */
export class JobStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobStartError';
  }
}
