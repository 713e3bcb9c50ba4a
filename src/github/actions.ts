// took_action, counted where writes happen: the transport notes every REST call other than GET/HEAD and every
// GraphQL mutation in the action scope of the async call chain that made it (the dispatcher opens one scope per
// plugin handler), so no list of "writing" method names has to be kept.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface ActionScope {
  /** Writes made in this scope so far. */
  writes: number;
}

const scopes = new AsyncLocalStorage<ActionScope>();

/** Runs `fn` in a fresh scope; the scope's `writes` counts what `fn` (and everything it awaits) wrote. */
export function withActionScope<T>(fn: () => Promise<T>): { scope: ActionScope; done: Promise<T> } {
  const scope: ActionScope = { writes: 0 };
  // async: a handler that throws synchronously rejects like any other.
  return { scope, done: scopes.run(scope, async () => fn()) };
}

/** Records a write in the current scope (a no-op outside one). */
export function noteWrite(): void {
  const s = scopes.getStore();
  if (s) s.writes++;
}

/** Whether a GraphQL request body holds a mutation (any operation of the document). */
export function isGraphQLMutation(body: unknown): boolean {
  let query: unknown;
  try {
    query = typeof body === 'string' ? (JSON.parse(body) as { query?: unknown }).query : undefined;
  } catch {
    return false;
  }
  if (typeof query !== 'string') return false;
  // Strings and comments cannot start an operation; drop them before looking for the keyword.
  const bare = query.replace(/"""[\s\S]*?"""|"(?:\\.|[^"\\])*"/g, '""').replace(/#[^\n]*/g, '');
  return /(^|})\s*mutation\b/.test(bare);
}
