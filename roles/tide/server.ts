// Tide's HTTP endpoints, as upstream's tide serves them (Deck reads them through tide_url): `/` the pools in
// PoolForDeck shape, `/history` the action history by pool; plus `/tide.js` and `/tide-history.js` in the shape
// Deck serves to its pages (`{Queries, TideQueries, Pools}`; `?var=NAME` wraps the JSON as `var NAME = …;`).
import type express from 'express';
import type { Config } from '../../src/config/types.js';
import type { TideController } from './controller.js';
import type { History } from './history.js';
import { queryString } from './query.js';

function sendJSONOrVar(req: express.Request, res: express.Response, body: unknown): void {
  const json = JSON.stringify(body);
  const v = typeof req.query.var === 'string' ? req.query.var : '';
  if (v && /^[A-Za-z_$][\w$]*$/.test(v)) {
    res.type('application/javascript').send(`var ${v} = ${json};`);
    return;
  }
  if (v) {
    res.status(400).type('text/plain').send('var must be a JavaScript identifier\n');
    return;
  }
  res.type('application/json').send(json);
}

export function mountTideRoutes(app: express.Express, tide: TideController, history: History, config: () => Config): void {
  app.get('/', (_req, res) => {
    res.type('application/json').send(JSON.stringify(tide.pools));
  });
  app.get('/history', (_req, res) => {
    res.type('application/json').send(JSON.stringify(history.all()));
  });
  app.get('/tide.js', (req, res) => {
    const queries = config().tide?.queries ?? [];
    sendJSONOrVar(req, res, { Queries: queries.map(queryString), TideQueries: queries, Pools: tide.pools });
  });
  app.get('/tide-history.js', (req, res) => {
    sendJSONOrVar(req, res, { History: history.all() });
  });
}
