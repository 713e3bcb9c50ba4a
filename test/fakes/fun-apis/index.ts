// A fake of the public APIs the image and joke plugins call (icanhazdadjoke, theponyapi, thecatapi, random.dog,
// unsplash) and of the image hosts they link, with each API's answer shape; switchable to junk answers.
//
//   const apis = await FakeFunApis.start();
//   apis.url + '/joke' | '/pony' | '/cat?format=json' | '/dog' | '/goose?query=goose'; images under apis.url + '/img/…'
//   apis.mode = 'junk' (200 with a body that is not JSON) | 'empty' (200 with no result) | 'ok'
//   apis.requests: every path asked for (with its query); apis.downUrl: a URL where nothing listens.
import express from 'express';
import { listen, type Listening } from '../capture/listen.js';

export type FunApiMode = 'ok' | 'junk' | 'empty';

export class FakeFunApis {
  mode: FunApiMode = 'ok';
  readonly requests: string[] = [];
  private constructor(private readonly listening: Listening, readonly downUrl: string) {}

  static async start(): Promise<FakeFunApis> {
    const app = express();
    const ref: { self?: FakeFunApis } = {};
    app.use((req, _res, next) => {
      ref.self!.requests.push(`${req.method} ${req.originalUrl}`);
      next();
    });
    const answer = (res: express.Response, ok: () => unknown, empty: unknown): void => {
      const mode = ref.self!.mode;
      if (mode === 'junk') res.type('text/html').send('<html>maintenance</html>');
      else res.json(mode === 'empty' ? empty : ok());
    };
    const img = (name: string): string => `${ref.self!.url}/img/${name}`;
    app.get('/joke', (_req, res) => answer(res, () => ({ id: 'x', joke: 'Why did the <b>robot</b> cross [the](road)? *Because*', status: 200 }), { status: 200 }));
    app.get('/pony', (req, res) => {
      if (req.query.q === 'nobody') {
        res.status(404).json({ error: 'not found' });
        return;
      }
      answer(res, () => ({ pony: { representations: { small: img('pony-small.png'), full: img('pony (full).png') } } }), {});
    });
    app.get('/cat', (req, res) => answer(res, () => (req.query.category === 'bad' ? [] : [{ url: img(req.query.mime_types === 'gif' ? 'cat.gif' : 'cat.jpg') }]), []));
    app.get('/dog', (_req, res) => answer(res, () => ({ url: img('dog.jpg') }), {}));
    app.get('/goose', (_req, res) => answer(res, () => ({ id: 'g', urls: { small: img('goose.jpg') } }), {}));
    // Images: HEAD answers with the size; huge.* is over GitHub's 5 MiB.
    app.head('/img/:name', (req, res) => {
      res.setHeader('content-length', String(req.params.name.startsWith('huge') ? 6 * 1024 * 1024 : 1234));
      res.status(200).end();
    });
    app.get('/img/:name', (_req, res) => res.type('image/png').send(Buffer.alloc(16)));
    // A port that was listening and is closed: connection refused, as on an offline machine.
    const down = await listen(express());
    const downUrl = down.url;
    await down.close();
    ref.self = new FakeFunApis(await listen(app), downUrl);
    return ref.self;
  }

  get url(): string {
    return this.listening.url;
  }

  stop(): Promise<void> {
    return this.listening.close();
  }
}
