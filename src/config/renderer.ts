/**
 * The contract between the config loaders and a template engine: loaders hand over each string
 * value that contains Jinja, with where it is written, and take back the rendered text.
 */
import type { SourceLocation } from '../errors/strata-error.js';

/** Renders one templated string value of a YAML file. May throw a StrataError (it is gathered). */
export type ConfigRenderer = (text: string, location: SourceLocation) => Promise<string>;

/** True when a string holds Jinja that a renderer must see. */
export function hasJinja(text: string): boolean {
  return text.includes('{{') || text.includes('{%');
}

/** A renderer for files that must not be rendered: returns text as written. */
export const noRender: ConfigRenderer = async (text) => text;
