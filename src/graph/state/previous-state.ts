/**
 * A previous run to compare against (`--state <dir>`): its manifest (for `state:`) and its
 * run_results (for `result:`). Typed loosely so both strata's Manifest and a dbt manifest.json
 * read from disk fit; the CLI loads the files, graph/ only compares.
 */

/** The parts of a previous manifest's node that state comparison reads. */
export interface PreviousNode {
  readonly unique_id?: string;
  readonly resource_type?: string;
  readonly fqn?: readonly string[];
  readonly checksum?: { readonly name?: string; readonly checksum: string };
  readonly config?: Readonly<Record<string, unknown>>;
  readonly unrendered_config?: Readonly<Record<string, unknown>>;
  readonly description?: string;
  readonly columns?: Readonly<Record<string, { readonly name?: string; readonly description?: string; readonly data_type?: string }>>;
  readonly database?: string;
  readonly schema?: string;
  readonly alias?: string;
  readonly identifier?: string;
  readonly relation_name?: string;
  readonly depends_on?: { readonly macros?: readonly string[]; readonly nodes?: readonly string[] };
  readonly freshness?: unknown;
  readonly loaded_at_field?: string;
  readonly quoting?: unknown;
  readonly [key: string]: unknown;
}

export interface PreviousMacro {
  readonly macro_sql: string;
  readonly depends_on?: { readonly macros?: readonly string[] };
}

export interface PreviousManifest {
  readonly nodes: Readonly<Record<string, PreviousNode>>;
  readonly sources: Readonly<Record<string, PreviousNode>>;
  readonly macros: Readonly<Record<string, PreviousMacro>>;
}

/** run_results.json as far as `result:` needs it. */
export interface PreviousRunResults {
  readonly results: readonly { readonly unique_id: string; readonly status: string }[];
}

export interface PreviousState {
  readonly manifest?: PreviousManifest;
  readonly runResults?: PreviousRunResults;
}
