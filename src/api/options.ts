import type { Reporter } from '../report/events.js';

/** Flags every command shares; the CLI turns its flags into these, the programmatic API takes them as is. */
export interface ProjectOptions {
  readonly projectDir: string;
  readonly profilesDir?: string;
  readonly target?: string;
  /** `--vars` as given: a YAML mapping. */
  readonly vars?: string;
  readonly threads?: number;
  readonly reporter: Reporter;
  /**
   * dbt's `flags` as templates read them (`FULL_REFRESH`, `WHICH`, …); `invocation_args_dict` is the
   * same in lower case. The CLI fills them from the command line.
   */
  readonly templateFlags?: Readonly<Record<string, unknown>>;
  /** Environment variables for env_var() (default: process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface SelectionOptions {
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  readonly selector?: string;
  readonly resourceTypes?: readonly string[];
  readonly indirectSelection?: 'eager' | 'cautious' | 'buildable' | 'empty';
}

export interface ExecutionOptions extends ProjectOptions, SelectionOptions {
  readonly fullRefresh?: boolean;
  readonly failFast?: boolean;
  /** Aborted on Ctrl-C / SIGTERM. */
  readonly signal?: AbortSignal;
}
