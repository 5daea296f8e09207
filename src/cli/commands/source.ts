import { InvalidArgumentError, type Command } from 'commander';
import { loadPreviousState } from '../../api/previous-state.js';
import { interruptSignal } from '../interrupt.js';
import { projectOptions, reporterFor, selectionOptions, withProjectFlags, withSelectionFlags, type ParsedFlags } from '../shared-flags.js';

interface SourceFreshnessFlags extends ParsedFlags {
  output?: string;
}

/** `strata source freshness`: how old each selected source's newest rows are, against its warn_after / error_after. */
export function registerSourceCommand(program: Command): void {
  const source = program.command('source').description('commands about sources');
  withSelectionFlags(withProjectFlags(source.command('freshness')))
    .description("check that sources were loaded recently: each source table's newest loaded_at_field against its warn_after / error_after; writes target/sources.json")
    .option('-o, --output <file>', 'where to write the results (default: target/sources.json)')
    .option('--threads <n>', 'how many sources to check at once', threadCount)
    .action(async (flags: SourceFreshnessFlags) => {
      const reporter = reporterFor(flags);
      const signal = interruptSignal();
      // Loaded on demand, as run is: the database drivers cost startup time.
      const { sourceFreshness } = await import('../../api/source-freshness.js');
      try {
        const state = flags.state ? await loadPreviousState(flags.state) : undefined;
        const outcome = await sourceFreshness({ ...projectOptions(flags, reporter), ...selectionOptions(flags), ...(state && { state }), output: flags.output, signal });
        process.exitCode = outcome.exitCode;
      } finally {
        await reporter.close?.();
      }
    });
}

function threadCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}
