import type { Environment, Template } from '../jinja/index.js';
import { CompileError, StrataError } from '../errors/strata-error.js';
import type { DiscoveredFile } from './discover.js';

/** Compiles a file's template, recording a syntax error (with its location) instead of throwing. */
export function compileTemplate(env: Environment, source: string, file: DiscoveredFile, displayName: string, errors: StrataError[]): Template | undefined {
  try {
    return env.compile(source, displayName);
  } catch (error) {
    if (error instanceof StrataError) errors.push(error);
    else errors.push(new CompileError(error instanceof Error ? error.message : String(error), { location: { file: file.originalFilePath } }));
    return undefined;
  }
}
