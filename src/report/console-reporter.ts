import { Chalk, type ChalkInstance } from 'chalk';
import type { Ora } from 'ora';
import type { NodeResult, NodeStatus } from '../execute/results.js';
import type { NodeLabel, ReportEvent, Reporter } from './events.js';
import { rowsTable } from './rows-table.js';
import { formatError } from './format-error.js';

export interface ConsoleReporterOptions {
  readonly out: NodeJS.WritableStream & { isTTY?: boolean };
  readonly err: NodeJS.WritableStream;
  /** Spinners and colour: on in a terminal unless turned off. */
  readonly color: boolean;
  readonly progress: boolean;
  /** --quiet: errors and the final summary only. */
  readonly quiet: boolean;
}

const STATUS_WORD: Record<NodeStatus, string> = {
  success: 'OK',
  pass: 'PASS',
  warn: 'WARN',
  fail: 'FAIL',
  error: 'ERROR',
  skipped: 'SKIP',
};

/**
 * Human output: in a terminal a spinner while nodes run, otherwise plain lines such as
 * `[3/42] OK view staging.stg_player_stats (0.12s)`, and a summary with the slowest nodes.
 */
export class ConsoleReporter implements Reporter {
  private readonly c: ChalkInstance;
  private spinner: Ora | undefined;
  private readonly running = new Set<string>();

  /** ora, loaded only when a spinner may show (it costs start-up 40 ms); until then there is none. */
  private ora: typeof import('ora').default | undefined;

  constructor(private readonly options: ConsoleReporterOptions) {
    this.c = new Chalk({ level: options.color ? 1 : 0 });
    if (options.progress && !options.quiet) void import('ora').then((m) => (this.ora = m.default)).catch(() => undefined);
  }

  report(event: ReportEvent): void {
    switch (event.kind) {
      case 'info':
        if (!this.options.quiet) this.line(event.message);
        break;
      case 'warning':
        this.line(`${this.c.yellow('warning')} ${event.file ? `${event.file}${event.line ? `:${event.line}` : ''}: ` : ''}${event.message}`, true);
        break;
      case 'error':
        this.line(formatError(event.error, { red: this.c.red, dim: this.c.dim, bold: this.c.bold }), true);
        break;
      case 'run_started':
        if (!this.options.quiet)
          this.line(`Running ${event.total} node${event.total === 1 ? '' : 's'} on target ${event.target} with ${event.threads} thread${event.threads === 1 ? '' : 's'}`);
        break;
      case 'node_started':
        this.running.add(event.node.display);
        this.updateSpinner();
        break;
      case 'node_finished':
        this.running.delete(event.node.display);
        if (!this.options.quiet || event.result.status === 'error' || event.result.status === 'fail') this.line(this.resultLine(event.node, event.result, event.index, event.total));
        this.updateSpinner();
        break;
      case 'run_finished':
        this.stopSpinner();
        this.line(this.summary(event.results, event.elapsed, event.labels));
        break;
      default: {
        const unreachable: never = event;
        throw new Error(`unknown event ${String(unreachable)}`);
      }
    }
  }

  close(): void {
    this.stopSpinner();
  }

  private resultLine(node: NodeLabel, result: NodeResult, index: number, total: number): string {
    const word = STATUS_WORD[result.status];
    const colored =
      result.status === 'success' || result.status === 'pass'
        ? this.c.green(word)
        : result.status === 'warn' || result.status === 'skipped'
          ? this.c.yellow(word)
          : this.c.red(word);
    const extra =
      (result.status === 'fail' || result.status === 'warn') && result.failures !== undefined
        ? ` ${result.failures} failing row${result.failures === 1 ? '' : 's'}`
        : result.status === 'warn' || result.status === 'fail'
          ? ` ${this.c.dim(result.message)}`
        : result.status === 'error' || result.status === 'skipped'
          ? ` ${this.c.dim(result.message)}`
          : '';
    const width = String(total).length;
    let text = `[${String(index).padStart(width)}/${total}] ${colored} ${node.kind} ${node.display}${extra} (${result.execution_time.toFixed(2)}s)`;
    for (const note of result.notes ?? []) text += `\n        ${this.c.dim(note)}`;
    if (result.status === 'fail' && result.failing_rows?.length) {
      const shown = result.failing_rows.length < (result.failures ?? 0) ? `first ${result.failing_rows.length} failing rows:` : 'failing rows:';
      text += `\n        ${shown}`;
      for (const row of rowsTable(result.failing_rows)) text += `\n          ${row}`;
    }
    if ((result.status === 'fail' || result.status === 'warn') && result.compiled_path) text += `\n        ${this.c.dim(`compiled query: ${result.compiled_path}`)}`;
    return text;
  }

  private summary(results: readonly NodeResult[], elapsed: number, labels: ReadonlyMap<string, NodeLabel>): string {
    const counts = new Map<NodeStatus, number>();
    for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
    const order: NodeStatus[] = ['success', 'pass', 'warn', 'fail', 'error', 'skipped'];
    const parts = order.filter((s) => counts.get(s)).map((s) => `${STATUS_WORD[s]}=${counts.get(s)}`);
    const lines = [`Done in ${elapsed.toFixed(2)}s: ${parts.join(' ') || 'nothing to do'}`];
    const slowest = [...results]
      .filter((r) => r.status !== 'skipped')
      .sort((a, b) => b.execution_time - a.execution_time)
      .slice(0, 3);
    if (!this.options.quiet && results.length > 3 && slowest.length > 0)
      lines.push(`Slowest: ${slowest.map((r) => `${labels.get(r.unique_id)?.display ?? r.unique_id} ${r.execution_time.toFixed(2)}s`).join(', ')}`);
    return lines.join('\n');
  }

  private line(text: string, toErr = false): void {
    const stream = toErr ? this.options.err : this.options.out;
    if (this.spinner) this.spinner.clear();
    stream.write(`${text}\n`);
    if (this.spinner) this.spinner.render();
  }

  private updateSpinner(): void {
    if (!this.options.progress || this.options.quiet) return;
    if (this.running.size === 0) {
      this.stopSpinner();
      return;
    }
    const text = [...this.running].slice(0, 4).join(', ') + (this.running.size > 4 ? ` +${this.running.size - 4}` : '');
    if (!this.spinner && this.ora) this.spinner = this.ora({ text, stream: this.options.out as NodeJS.WriteStream, discardStdin: false }).start();
    else if (this.spinner) this.spinner.text = text;
  }

  private stopSpinner(): void {
    this.spinner?.stop();
    this.spinner = undefined;
  }
}
