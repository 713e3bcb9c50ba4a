// Reading a map-like object (a config section keyed by org or repo, a table keyed by a name) with a key that came
// from outside: only the object's own fields count, so `constructor`, `__proto__` or `toString` find nothing
// instead of a method inherited from Object.prototype.

/** `record[key]` when `key` is the record's own field; undefined otherwise (and for an undefined record). */
export function ownValue<T>(record: Readonly<Record<string, T>> | undefined | null, key: string): T | undefined {
  return record != null && Object.hasOwn(record, key) ? record[key] : undefined;
}
