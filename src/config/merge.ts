// Field-wise defaulting as upstream's ApplyDefault methods do it: a value set on the override wins; nested objects
// merge recursively; lists and scalars replace.

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A new object: `base` with every field set in `override` taking precedence (recursively for objects). */
export function mergeDefaults<T extends object>(base: T | undefined, override: T | undefined): T | undefined {
  if (base === undefined) return override === undefined ? undefined : structuredClone(override);
  if (override === undefined) return structuredClone(base);
  const out: Record<string, unknown> = structuredClone(base) as Record<string, unknown>;
  for (const [k, v] of Object.entries(override)) {
    if (v === undefined || v === null) continue;
    const cur = out[k];
    out[k] = isPlainObject(cur) && isPlainObject(v) ? mergeDefaults(cur, v) : structuredClone(v);
  }
  return out as T;
}
