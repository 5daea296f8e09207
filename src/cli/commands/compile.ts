import type { Command } from 'commander';
import { loadPreviousState } from '../../api/previous-state.js';
import { compileProject } from '../../api/compile-project.js';
import { projectOptions, reporterFor, selectionOptions, withProjectFlags, withSelectionFlags, type ParsedFlags } from '../shared-flags.js';

export function registerCompileCommand(program: Command): void {
  withSelectionFlags(withProjectFlags(program.command('compile')))
    .description('render every node, check its SQL with PostgreSQL\'s parser, and write target/compiled/ and target/manifest.json (no database needed)')
    .option('--no-validate', 'skip the SQL check (syntax, missing columns, lineage)')
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
