import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** strata's version, from its package.json. */
export function strataVersion(): string {
  if (cached) return cached;
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return (cached = pkg.version);
}
