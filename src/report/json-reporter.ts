import type { ReportEvent, Reporter } from './events.js';

/**
 * `--log-format json`: one JSON object per line on stdout and nothing else, so a scheduler can
 * parse it: timestamp, level, event name, and the node's unique_id, status, duration and rows.
 */
export class JsonLineReporter implements Reporter {
  constructor(private readonly out: NodeJS.WritableStream) {}

  report(event: ReportEvent): void {
    this.out.write(`${JSON.stringify(toRecord(event))}\n`);
  }
}

/** The JSON object written for one event. */
export function toRecord(event: ReportEvent): Record<string, unknown> {
  const base = { ts: new Date().toISOString() };
  switch (event.kind) {
    case 'info':
      return { ...base, level: 'info', event: 'info', message: event.message };
    case 'warning':
      return { ...base, level: 'warn', event: 'warning', message: event.message, file: event.file, line: event.line };
    case 'error':
      return {
        ...base,
        level: 'error',
        event: 'error',
        code: event.error.code,
        message: event.error.message,
        file: event.error.location?.file,
        line: event.error.location?.line,
        column: event.error.location?.column,
        hint: event.error.hint,
        unique_id: event.error.nodeId,
      };
    case 'run_started':
      return { ...base, level: 'info', event: 'run_started', command: event.command, total: event.total, target: event.target, threads: event.threads };
    case 'node_started':
      return { ...base, level: 'info', event: 'node_started', unique_id: event.node.unique_id, index: event.index, total: event.total };
    case 'node_finished': {
      const r = event.result;
      const level = r.status === 'error' || r.status === 'fail' ? 'error' : r.status === 'warn' ? 'warn' : 'info';
      return {
        ...base,
        level,
        event: 'node_finished',
        unique_id: r.unique_id,
        status: r.status,
        duration: r.execution_time,
        rows: r.rows_affected ?? null,
        failures: r.failures ?? null,
        message: r.message,
        index: event.index,
        total: event.total,
      };
    }
    case 'run_finished': {
      const counts: Record<string, number> = {};
      for (const r of event.results) counts[r.status] = (counts[r.status] ?? 0) + 1;
      return { ...base, level: 'info', event: 'run_finished', elapsed: event.elapsed, counts };
    }
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}
