// Presets: env, volumes and volumeMounts added to a job's pod spec when the job carries all of the preset's labels
// (a preset without labels applies to every job). Duplicates are errors, as upstream.
import type { V1PodSpec } from '@kubernetes/client-node';
import type { Preset } from './types.js';
import { clonePlain } from './merge.js';

export function presetApplies(preset: Preset, labels: Record<string, string> | undefined): boolean {
  for (const k in preset.labels) if (labels?.[k] !== preset.labels[k]) return false;
  return true;
}

/** Applies every matching preset to `spec` in place; returns one message per conflict. */
export function applyPresets(spec: V1PodSpec | undefined, labels: Record<string, string> | undefined, presets: readonly Preset[]): string[] {
  const errors: string[] = [];
  if (!spec) return errors;
  for (const preset of presets) {
    if (!presetApplies(preset, labels)) continue;
    for (const v of preset.volumes ?? []) {
      spec.volumes ??= [];
      if (spec.volumes.some((x) => x.name === v.name)) errors.push(`volume ${v.name} is duplicated in pod spec`);
      else spec.volumes.push(clonePlain(v));
    }
    for (const c of spec.containers ?? []) {
      for (const e of preset.env ?? []) {
        c.env ??= [];
        if (c.env.some((x) => x.name === e.name)) errors.push(`env var ${e.name} is duplicated in pod spec`);
        else c.env.push(clonePlain(e));
      }
      for (const m of preset.volumeMounts ?? []) {
        c.volumeMounts ??= [];
        if (c.volumeMounts.some((x) => x.name === m.name)) errors.push(`volume mount ${m.name} is duplicated in pod spec`);
        else c.volumeMounts.push(clonePlain(m));
      }
    }
  }
  return errors;
}
