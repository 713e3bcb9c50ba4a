// A typed GraphQL document: plain data, in its own module so that plugins declaring their queries do not load the
// GraphQL client (and its metrics) with them.

/** A GraphQL document with the types of its data and variables. */
export interface GraphQLDocument<TData, TVars extends Record<string, unknown> = Record<string, unknown>> {
  /** The operation name, for metrics and errors. */
  readonly name: string;
  readonly query: string;
  /** Phantom: carries the types; never set. */
  readonly types?: { data: TData; variables: TVars };
}

export function graphqlDocument<TData, TVars extends Record<string, unknown> = Record<string, unknown>>(name: string, query: string): GraphQLDocument<TData, TVars> {
  return { name, query };
}
