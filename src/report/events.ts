import type { StrataError } from '../errors/strata-error.js';
import type { NodeResult } from '../execute/results.js';

/** How a node is described in progress lines: `view staging.stg_players`. */
export interface NodeLabel {
  readonly unique_id: string;
  readonly resource_type: string;
  /** `view`, `table`, `incremental`, `seed`, `test`, … */
  readonly kind: string;
  /** `schema.alias` for relations, the test name for tests. */
  readonly display: string;
}

/** What library code tells the user; the CLI picks how to show it (console, JSON lines, nothing). */
export type ReportEvent =
  | { readonly kind: 'info'; readonly message: string }
  | { readonly kind: 'warning'; readonly message: string; readonly file?: string; readonly line?: number }
  | { readonly kind: 'error'; readonly error: StrataError }
  | { readonly kind: 'run_started'; readonly command: string; readonly total: number; readonly target: string; readonly threads: number }
  | { readonly kind: 'node_started'; readonly node: NodeLabel; readonly index: number; readonly total: number }
  | { readonly kind: 'node_finished'; readonly node: NodeLabel; readonly result: NodeResult; readonly index: number; readonly total: number }
  | { readonly kind: 'run_finished'; readonly results: readonly NodeResult[]; readonly elapsed: number; readonly labels: ReadonlyMap<string, NodeLabel> };

/** The one way library code reports; implementations live in src/report. */
export interface Reporter {
  report(event: ReportEvent): void;
  /** Flushes anything buffered (a spinner, a log file). */
  close?(): Promise<void> | void;
}

/** A reporter that keeps events, for tests and for the programmatic API. */
export class CollectingReporter implements Reporter {
  readonly events: ReportEvent[] = [];
  report(event: ReportEvent): void {
    this.events.push(event);
  }
}
