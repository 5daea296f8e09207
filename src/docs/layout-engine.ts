import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * elkjs's browser bundle (defines the global `ELK`, runs in the page's main thread), read from the
 * installed package so the docs page carries its layout engine and needs no network.
 */
export async function layoutEngineSource(): Promise<string> {
  return readFile(require.resolve('elkjs/lib/elk.bundled.js'), 'utf8');
}
