// Field-wise defaulting as upstream's ApplyDefault methods do it: a value set on the override wins; nested objects
// merge recursively; lists and scalars replace.

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * A deep copy of parsed config data (objects, arrays, scalars). Much cheaper than structuredClone for the many small
 * objects defaulting copies (presets into every job's pod spec, decoration entries into every decorated job).
 */
export function clonePlain<T>(v: T): T {
  if (Array.isArray(v)) return v.map(clonePlain) as T;
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k in v) out[k] = clonePlain(v[k]);
    return out as T;
  }
  return v;
}

/** A new object: `base` with every field set in `override` taking precedence (recursively for objects). */
export function mergeDefaults<T extends object>(base: T | undefined, override: T | undefined): T | undefined {
  if (base === undefined) return override === undefined ? undefined : clonePlain(override);
  if (override === undefined) return clonePlain(base);
  const out: Record<string, unknown> = clonePlain(base) as Record<string, unknown>;
  for (const [k, v] of Object.entries(override)) {
    if (v === undefined || v === null) continue;
    const cur = out[k];
    out[k] = isPlainObject(cur) && isPlainObject(v) ? mergeDefaults(cur, v) : clonePlain(v);
  }
  return out as T;
}
