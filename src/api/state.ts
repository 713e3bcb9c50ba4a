// ProwJob state machine. A job is created `scheduling` (when a scheduler assigns clusters) or `triggered`, runs
// `pending`, and ends in one final state. Nothing leaves a final state: a rerun is a new ProwJob.
import { ownValue } from '../own-key.js';
import { isFinalState, type ProwJob, type ProwJobState } from './prowjob.js';

const NEXT: Record<ProwJobState, readonly ProwJobState[]> = {
  scheduling: ['triggered', 'aborted', 'error'],
  triggered: ['pending', 'aborted', 'error'],
  pending: ['success', 'failure', 'aborted', 'error'],
  success: [],
  failure: [],
  aborted: [],
  error: [],
};

export class IllegalTransitionError extends Error {
  constructor(name: string, from: ProwJobState | undefined, to: ProwJobState) {
    super(`prowjob ${name}: illegal state transition ${from ?? '(none)'} → ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

/** Whether a job in state `from` may move to `to` (staying in the same non-final state is allowed). */
export function canTransition(from: ProwJobState | undefined, to: ProwJobState): boolean {
  if (from === undefined) return to === 'triggered' || to === 'scheduling';
  if (from === to) return !isFinalState(from);
  return ownValue(NEXT, from)?.includes(to) ?? false;
}

export interface TransitionDetails {
  description?: string;
  url?: string;
  /** Timestamp for pendingTime / completionTime (default: now). */
  now?: Date;
}

/**
 * Moves `pj` (in place) to `to`, setting pendingTime on entering pending and completionTime on reaching a final
 * state; throws IllegalTransitionError for a move the state machine does not allow.
 */
export function transition(pj: ProwJob, to: ProwJobState, details: TransitionDetails = {}): ProwJob {
  const from = pj.status.state;
  if (!canTransition(from, to)) throw new IllegalTransitionError(pj.metadata.name, from, to);
  const at = rfc3339(details.now ?? new Date());
  pj.status.state = to;
  if (to === 'pending' && !pj.status.pendingTime) pj.status.pendingTime = at;
  if (isFinalState(to)) pj.status.completionTime = at;
  if (details.description !== undefined) pj.status.description = details.description;
  if (details.url !== undefined) pj.status.url = details.url;
  return pj;
}

/** Kubernetes metav1.Time: RFC 3339 in UTC, whole seconds. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
