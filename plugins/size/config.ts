// The size plugin's plugins.yaml section, `size`: the lower bound (changed lines) of each label above size/XS.
import { defineSection, type PluginConfigSpec } from '../types.js';

export interface SizeThresholds {
  s: number;
  m: number;
  l: number;
  xl: number;
  xxl: number;
}

export const DEFAULT_SIZES: SizeThresholds = { s: 10, m: 30, l: 100, xl: 500, xxl: 1000 };

const int = { type: 'integer' };

const SIZE = defineSection<Partial<SizeThresholds>>({
  key: 'size',
  schema: { type: 'object', additionalProperties: false, properties: { s: int, m: int, l: int, xl: int, xxl: int } },
  // Defaults (10/30/100/500/1000 for thresholds not written) and the check that they increase are the config
  // loader's (src/config/defaults.ts, validate.ts), which handled `size` before this plugin existed.
});

/** Upstream's sizesOrDefault: a threshold left at 0 takes its default. */
export function sizesOrDefault(v: Partial<SizeThresholds> | undefined): SizeThresholds {
  const pick = (k: keyof SizeThresholds): number => (v?.[k] ? v[k] : DEFAULT_SIZES[k]);
  return { s: pick('s'), m: pick('m'), l: pick('l'), xl: pick('xl'), xxl: pick('xxl') };
}

function describe(s: SizeThresholds): string {
  return `The plugin has the following thresholds:<ul>
<li>size/XS:  0-${s.s - 1}</li>
<li>size/S:   ${s.s}-${s.m - 1}</li>
<li>size/M:   ${s.m}-${s.l - 1}</li>
<li>size/L:   ${s.l}-${s.xl - 1}</li>
<li>size/XL:  ${s.xl}-${s.xxl - 1}</li>
<li>size/XXL: ${s.xxl}+</li>
</ul>`;
}

export const SIZE_CONFIG: PluginConfigSpec<SizeThresholds> = {
  sections: [SIZE],
  resolve: (pc) => sizesOrDefault(pc.size as Partial<SizeThresholds> | undefined),
  describe,
};
