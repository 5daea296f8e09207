import type { Command } from 'commander';
import { ExitCode } from '../../errors/strata-error.js';
import { interruptSignal } from '../interrupt.js';
import { executionOptions, reporterFor, withExecutionFlags, withProjectFlags, type ParsedFlags } from '../shared-flags.js';

export function registerRetryCommand(program: Command): void {
  withExecutionFlags(withProjectFlags(program.command('retry')))
    .description('run again the nodes of the last run that errored, failed or were skipped (from target/run_results.json)')
    .option('--state <dir>', 'retry the run whose run_results.json is in this directory instead of target/')
    .action(async (flags: ParsedFlags) => {
      const reporter = reporterFor(flags);
      const { retryProject } = await import('../../api/retry-project.js');
      try {
        const outcome = await retryProject({ ...executionOptions(flags, reporter, interruptSignal()), stateDir: flags.state });
        process.exitCode = outcome?.exitCode ?? ExitCode.success;
      } finally {
        await reporter.close?.();
      }
    });
}
