// POST /graphql (and /api/graphql, GitHub Enterprise's path): GraphQL v4 through the hand-written resolver.
import type express from 'express';
import { GitHubError } from '../model.js';
import { body } from '../http-helpers.js';
import { parseDocument, GraphQLSyntaxError } from '../graphql/parser.js';
import { execute, type Args } from '../graphql/execute.js';
import { GraphQLSchema } from '../graphql/schema.js';
import type { RateBucket } from '../middleware.js';
import type { RouteContext } from './context.js';

export function graphqlRoutes(app: express.Express, ctx: RouteContext, rate: RateBucket): void {
  const schema = new GraphQLSchema(ctx.state, ctx.urls, rate);
  const handle = async (req: express.Request, res: express.Response): Promise<void> => {
    const viewer = res.locals.viewer as string | undefined;
    if (!viewer) throw new GitHubError(401, 'This endpoint requires you to be authenticated.', undefined, 'https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql');
    const b = body(req);
    if (typeof b.query !== 'string') {
      res.json({ errors: [{ message: 'A query attribute must be specified and must be a string.' }] });
      return;
    }
    let doc;
    try {
      doc = parseDocument(b.query);
    } catch (e) {
      if (e instanceof GraphQLSyntaxError) {
        res.json({ errors: [{ message: e.message }] });
        return;
      }
      throw e;
    }
    const variables = (b.variables && typeof b.variables === 'object' ? b.variables : {}) as Args;
    res.json(await execute(doc, { query: schema.root(viewer), mutation: schema.mutationRoot(viewer) }, variables, typeof b.operationName === 'string' ? b.operationName : undefined));
  };
  app.post('/graphql', handle);
  app.post('/api/graphql', handle);
}
