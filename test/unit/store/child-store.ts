// Runs the file store in a separate Node process, as another `prow` process would: the store's sources are
// transpiled (types stripped) into a temp dir, so the child runs the same code without a prior build.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { PACKAGE_ROOT as ROOT } from '../../../src/runtime/version.js';

const SOURCES = ['src/own-key.ts', 'src/api/prowjob.ts', 'src/api/state.ts', 'src/store/file.ts', 'src/store/label-index.ts', 'src/store/selector.ts', 'src/store/types.ts', 'src/store/watch-hub.ts'];

/** Writes the transpiled store plus `script` (an ES module that may import './src/store/file.js') to a temp dir. */
export function prepareChild(script: string): { dir: string; entry: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prow-store-child-'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
  for (const rel of SOURCES) {
    const out = ts.transpileModule(fs.readFileSync(path.join(ROOT, rel), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    }).outputText;
    const dest = path.join(dir, rel.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(dest, out);
  }
  const entry = path.join(dir, 'child.mjs');
  fs.writeFileSync(entry, script);
  return { dir, entry };
}

export function runChild(entry: string, args: string[]): ChildProcess {
  return spawn(process.execPath, [entry, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}
