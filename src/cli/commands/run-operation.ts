import type { Command } from 'commander';
import { projectOptions, reporterFor, withProjectFlags, type ParsedFlags } from '../shared-flags.js';

interface RunOperationFlags extends ParsedFlags {
  args?: string;
  sql?: string;
}

/** `strata run-operation <macro> --args '{…}'` or `--sql '…'`: a macro (grants, maintenance) run against the target. */
export function registerRunOperationCommand(program: Command): void {
  withProjectFlags(program.command('run-operation [macro]'))
    .description("call a macro against the target (grants, maintenance, backups): its run_query and statement calls run there; or render and run --sql")
    .option('--args <yaml>', "the macro's keyword arguments as a YAML mapping, e.g. '{role: reporter}'")
    .option('--sql <sql>', 'SQL, with Jinja (ref, source, var, macros), to render and run instead of a macro')
    .action(async (macro: string | undefined, flags: RunOperationFlags) => {
      const reporter = reporterFor(flags);
      // Loaded on demand, as run is: the database drivers cost startup time.
      const { runOperation } = await import('../../api/run-operation.js');
      try {
        await runOperation({ ...projectOptions(flags, reporter), macro, args: flags.args, sql: flags.sql });
      } finally {
        await reporter.close?.();
      }
    });
}
