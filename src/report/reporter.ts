// A crier reporter, as upstream's reportClient: a name (the key in status.prev_report_states), whether a job is
// its business, and the report itself. A report that throws is retried by crier; one that returns is recorded.
import type { ProwJob } from '../api/prowjob.js';

export interface Reporter {
  readonly name: string;
  shouldReport(pj: ProwJob): boolean;
  /**
   * `resumed`: the job reached its state before this crier started, so a predecessor killed between reporting and
   * recording it may have reported it already; a reporter that can see what it reported checks before repeating it.
   */
  report(pj: ProwJob, signal: AbortSignal, resumed?: boolean): Promise<void>;
}

/** An error retrying cannot fix (crier logs it and records the state as reported, as upstream swallows it). */
export class PermanentReportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentReportError';
  }
}
