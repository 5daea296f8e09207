/** Errors a user causes through a model's configuration or its SQL's shape, found while planning. */
import { ConfigError, StrataError, type StrataErrorOptions } from '../errors/strata-error.js';
import type { GraphNode } from '../parse/manifest.js';

/**
 * A config value of a materialization (unique_key, strategy, indexes, grants, partition_by, constraints, …)
 * that cannot be used. A ConfigError, so the CLI reports it like any other config mistake, with its own code.
 */
export class MaterializationConfigError extends ConfigError {
  override readonly code: string = 'materialization_config';
}

/** An enforced contract whose declared columns don't match what the model's query returns. */
export class ContractMismatchError extends StrataError {
  constructor(message: string, options: StrataErrorOptions = {}) {
    super('contract_mismatch', message, options);
  }
}

/** Location and node id of a node, for errors about it: the SQL file, since the query is what must change or be declared. */
export function nodeErrorOptions(node: GraphNode, hint: string): StrataErrorOptions {
  return { location: { file: node.original_file_path }, nodeId: node.unique_id, hint };
}
