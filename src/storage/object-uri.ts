// One object named by a URI, as upstream's io.Opener reads its state files (--status-path, --history-uri): a local
// path or file:// URL (written atomically: a temp file, then a rename), or gs://bucket/key and s3://bucket/key
// through the process's StorageClients (so --gcs-credentials-file and --s3-credentials-file apply).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { StorageClients } from './open.js';
import { ObjectNotFoundError } from './types.js';

export interface StoredObject {
  /** Where it is, as given. */
  readonly uri: string;
  /** Its text, or undefined when it does not exist yet. */
  read(): Promise<string | undefined>;
  write(text: string): Promise<void>;
}

/** Opens the object `uri` names; `flag` names the option in the error for a scheme that is not supported. */
export function openStoredObject(uri: string, storage: Pick<StorageClients, 'open'>, flag: string): StoredObject {
  const m = /^(gs|s3):\/\/([^/]+)\/(.+)$/.exec(uri);
  if (m) {
    const bucket = storage.open(`${m[1]}://${m[2]}`);
    const key = m[3]!;
    return {
      uri,
      async read() {
        try {
          return (await bucket.read(key)).toString('utf8');
        } catch (e) {
          if (e instanceof ObjectNotFoundError) return undefined;
          throw e;
        }
      },
      write: (text) => bucket.write(key, text, { contentType: 'application/json' }),
    };
  }
  let file = uri;
  if (uri.startsWith('file://')) file = new URL(uri).pathname;
  else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) throw new Error(`${flag} ${uri}: only a local path, file://, gs://bucket/key or s3://bucket/key is supported`);
  return {
    uri,
    async read() {
      try {
        return await readFile(file, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
    async write(text) {
      await mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.tmp-${process.pid}`;
      await writeFile(tmp, text);
      await rename(tmp, file);
    },
  };
}
