/** Named selectors (from selectors.yml), referenced by `--selector name` and `selector:name`. */
import type { SelectionSpec } from './spec.js';

export interface NamedSelector {
  readonly name: string;
  readonly description?: string;
  /** `default: true`: used when a command is given no selection of its own. */
  readonly isDefault: boolean;
  readonly definition: SelectionSpec;
  readonly location: { readonly file: string; readonly line?: number };
}

export type NamedSelectors = ReadonlyMap<string, NamedSelector>;

/** The selector marked `default: true`, if any. */
export function defaultSelector(selectors: NamedSelectors | undefined): NamedSelector | undefined {
  if (!selectors) return undefined;
  for (const selector of selectors.values()) if (selector.isDefault) return selector;
  return undefined;
}
