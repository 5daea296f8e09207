import type { ReportEvent, Reporter } from './events.js';

/** Sends every event to several reporters (the console and a `--log-path` file). */
export class FanoutReporter implements Reporter {
  constructor(private readonly reporters: readonly Reporter[]) {}

  report(event: ReportEvent): void {
    for (const reporter of this.reporters) reporter.report(event);
  }

  async close(): Promise<void> {
    for (const reporter of this.reporters) await reporter.close?.();
  }
}
