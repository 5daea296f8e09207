import type { Command } from 'commander';
import { loadPreviousState } from '../../api/previous-state.js';
import { compileProject } from '../../api/compile-project.js';
import { projectOptions, reporterFor, selectionOptions, withProjectFlags, withSelectionFlags, type ParsedFlags } from '../shared-flags.js';

export function registerCompileCommand(program: Command): void {
  withSelectionFlags(withProjectFlags(program.command('compile')))
    .description('render every node, check its SQL with PostgreSQL\'s parser, and write target/compiled/ and target/manifest.json (no database needed)')
    .option('--no-validate', 'skip the SQL check (syntax, missing columns, lineage)')
    // Accepted as dbt accepts them, so CI scripts run unchanged: --full-refresh is what templates see
    // in flags.FULL_REFRESH (a compile never takes is_incremental() as true); compiling is one thread's work.
    .option('--full-refresh', 'compile as for a full refresh (flags.FULL_REFRESH is true in templates)')
    .option('--threads <n>', 'accepted for dbt compatibility; compiling does not use more than one')
    .action(async (flags: ParsedFlags) => {
      const reporter = reporterFor(flags);
      try {
        const state = flags.state ? await loadPreviousState(flags.state) : undefined;
        await compileProject({ ...projectOptions(flags, reporter), ...selectionOptions(flags), state, validate: (flags as ParsedFlags & { validate: boolean }).validate });
      } finally {
        await reporter.close?.();
      }
    });
}
