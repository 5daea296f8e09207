/** Errors a user causes through a model's configuration or its SQL's shape, found while planning. */
import { StrataError, type StrataErrorOptions } from '../errors/strata-error.js';
import type { GraphNode } from '../parse/manifest.js';

/** A config value of a materialization (indexes, grants, partition_by, constraints, …) that cannot be used. */
export class MaterializationConfigError extends StrataError {
  constructor(message: string, options: StrataErrorOptions = {}) {
    super('materialization_config', message, options);
  }
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
