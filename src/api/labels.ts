// The labels and annotations upstream puts on a ProwJob for its spec (decorate.LabelsAndAnnotationsForSpec),
// with label values made valid for Kubernetes the way upstream does it.
import {
  ANNOTATION_JOB,
  LABEL_BASE_REF,
  LABEL_CONTEXT,
  LABEL_CREATED_BY_PROW,
  LABEL_JOB,
  LABEL_ORG,
  LABEL_PULL,
  LABEL_REPO,
  LABEL_TYPE,
  type ProwJobSpec,
} from './prowjob.js';

export const LABEL_VALUE_MAX_LENGTH = 63;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function isValidLabelValue(v: string): boolean {
  return v.length <= LABEL_VALUE_MAX_LENGTH && LABEL_VALUE.test(v);
}

/**
 * Labels and annotations for a ProwJob (and its Pod). A job name longer than a label value may be is cut to 63
 * characters with trailing `.`, `_` and `-` removed (the annotation keeps it whole). Any other invalid value is replaced
 * by its last path element when that is valid (`ci/prow/unit` → `unit`), otherwise the label is left out.
 * `extraLabels` and `extraAnnotations` (the job's own, then the caller's) override the computed ones.
 */
export function labelsAndAnnotationsForSpec(
  spec: ProwJobSpec,
  extraLabels: Record<string, string> = {},
  extraAnnotations: Record<string, string> = {},
): { labels: Record<string, string>; annotations: Record<string, string> } {
  const labels: Record<string, string> = {
    [LABEL_CREATED_BY_PROW]: 'true',
    [LABEL_TYPE]: spec.type,
    [LABEL_JOB]: truncatedLabelValue(spec.job),
    // As upstream, the context label is there even when empty (periodics).
    [LABEL_CONTEXT]: truncatedLabelValue(spec.context ?? ''),
  };
  // The job's refs, else its first extra ref: a periodic that clones a repository is labelled with it too.
  const refs = spec.refs ?? spec.extra_refs?.[0];
  if (refs) {
    labels[LABEL_ORG] = refs.org;
    labels[LABEL_REPO] = refs.repo;
    labels[LABEL_BASE_REF] = refs.base_ref ?? '';
    const pull = refs.pulls?.[0];
    if (pull) labels[LABEL_PULL] = String(pull.number);
  }
  Object.assign(labels, extraLabels);
  for (const [key, value] of Object.entries(labels)) {
    if (isValidLabelValue(value)) continue;
    const base = lastPathElement(value);
    if (isValidLabelValue(base)) labels[key] = base;
    else delete labels[key];
  }
  const annotations: Record<string, string> = { [ANNOTATION_JOB]: spec.job, [LABEL_CONTEXT]: spec.context ?? '' };
  Object.assign(annotations, extraAnnotations);
  return { labels, annotations };
}

/** A value longer than a label may be, cut to 63 characters with trailing `.`, `_` and `-` removed (as upstream). */
function truncatedLabelValue(v: string): string {
  return v.length > LABEL_VALUE_MAX_LENGTH ? v.slice(0, LABEL_VALUE_MAX_LENGTH).replace(/[._-]+$/, '') : v;
}

/** Go's filepath.Base: the last element of a slash-separated path, trailing slashes ignored. */
function lastPathElement(p: string): string {
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return p === '' ? '.' : '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
