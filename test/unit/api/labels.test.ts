import { describe, expect, it } from '@jest/globals';
import { isValidLabelValue, labelsAndAnnotationsForSpec } from '../../../src/api/labels.js';
import type { ProwJobSpec } from '../../../src/api/prowjob.js';

const spec = (over: Partial<ProwJobSpec> = {}): ProwJobSpec => ({ type: 'postsubmit', job: 'post-x', refs: { org: 'o', repo: 'r', base_ref: 'main' }, ...over });

describe('ProwJob labels', () => {
  it('validates label values as Kubernetes does', () => {
    expect(isValidLabelValue('')).toBe(true);
    expect(isValidLabelValue('a-b.c_d')).toBe(true);
    expect(isValidLabelValue('-a')).toBe(false);
    expect(isValidLabelValue('a/b')).toBe(false);
    expect(isValidLabelValue('x'.repeat(63))).toBe(true);
    expect(isValidLabelValue('x'.repeat(64))).toBe(false);
  });

  it('cuts a long job name at 63 characters without a trailing dash or dot, keeping the annotation whole', () => {
    const job = `${'a'.repeat(61)}-.-rest`;
    const { labels, annotations } = labelsAndAnnotationsForSpec(spec({ job }));
    expect(labels['prow.k8s.io/job']).toBe('a'.repeat(61));
    expect(annotations['prow.k8s.io/job']).toBe(job);
  });

  it('replaces an invalid value by its last path element, or drops the label', () => {
    const { labels } = labelsAndAnnotationsForSpec(spec({ refs: { org: 'o', repo: 'r', base_ref: 'release/v1.2' } }), { weird: 'has space', path: 'a/b/c' });
    expect(labels['prow.k8s.io/refs.base_ref']).toBe('v1.2');
    expect(labels.path).toBe('c');
    expect(labels).not.toHaveProperty('weird');
  });

  it('lets extra labels and annotations override the computed ones', () => {
    const { labels, annotations } = labelsAndAnnotationsForSpec(spec({ type: 'periodic', context: 'ctx' }), { 'created-by-prow': 'false' }, { 'prow.k8s.io/job': 'other' });
    expect(labels).toEqual({
      'created-by-prow': 'false', 'prow.k8s.io/type': 'periodic', 'prow.k8s.io/job': 'post-x', 'prow.k8s.io/context': 'ctx',
      'prow.k8s.io/refs.org': 'o', 'prow.k8s.io/refs.repo': 'r', 'prow.k8s.io/refs.base_ref': 'main',
    });
    expect(annotations).toEqual({ 'prow.k8s.io/job': 'other', 'prow.k8s.io/context': 'ctx' });
  });

  it('as upstream: refs labels from the first extra ref when there are no refs, and an empty context label', () => {
    const { labels, annotations } = labelsAndAnnotationsForSpec({ type: 'periodic', job: 'p', extra_refs: [{ org: 'x', repo: 'y', base_ref: 'dev' }] });
    expect(labels).toEqual({
      'created-by-prow': 'true', 'prow.k8s.io/type': 'periodic', 'prow.k8s.io/job': 'p', 'prow.k8s.io/context': '',
      'prow.k8s.io/refs.org': 'x', 'prow.k8s.io/refs.repo': 'y', 'prow.k8s.io/refs.base_ref': 'dev',
    });
    expect(annotations).toEqual({ 'prow.k8s.io/job': 'p', 'prow.k8s.io/context': '' });
    // Trailing underscores are cut with dots and dashes.
    expect(labelsAndAnnotationsForSpec(spec({ job: `${'a'.repeat(62)}_b` })).labels['prow.k8s.io/job']).toBe('a'.repeat(62));
  });
});
