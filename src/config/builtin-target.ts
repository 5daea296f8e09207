/** The target used when nothing is configured: the embedded database, so a fresh clone builds. */
import type { PgliteTarget } from './target.js';

/** Name of the built-in target (and of its profile). */
export const BUILTIN_TARGET_NAME = 'dev';
export const BUILTIN_PROFILE_NAME = 'strata_builtin';

/** The built-in `dev` target: PGlite in `.strata/pglite`, schema `public`, one thread. */
export function builtinPgliteTarget(): PgliteTarget {
  return {
    type: 'pglite',
    name: BUILTIN_TARGET_NAME,
    profile: BUILTIN_PROFILE_NAME,
    path: '.strata/pglite',
    schema: 'public',
    database: 'postgres',
    threads: 1,
    retries: 3,
    retry_backoff: 1,
  };
}
