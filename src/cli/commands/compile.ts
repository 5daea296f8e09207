import type { Command } from 'commander';
import { loadPreviousState } from '../../api/previous-state.js';
import { compileInline, compileProject } from '../../api/compile-project.js';
import { projectOptions, reporterFor, selectionOptions, withProjectFlags, withSelectionFlags, type ParsedFlags } from '../shared-flags.js';

export function registerCompileCommand(program: Command): void {
  withSelectionFlags(withProjectFlags(program.command('compile')))
    .description('render every node, check its SQL with PostgreSQL\'s parser, and write target/compiled/ and target/manifest.json (no database needed)')
    .option('--no-validate', 'skip the SQL check (syntax, missing columns, lineage)')
    // Accepted as dbt accepts them, so CI scripts run unchanged: --full-refresh is what templates see
    // in flags.FULL_REFRESH (a compile never takes is_incremental() as true); compiling is one thread's work.
    .option('--full-refresh', 'compile as for a full refresh (flags.FULL_REFRESH is true in templates)')
    .option('--threads <n>', 'accepted for dbt compatibility; compiling does not use more than one')
    .option('--empty', 'compile with every ref and source reading no rows, as run --empty runs it')
    .option('--defer', "refs to nodes not selected read the --state run's relations (without a database to ask, all of them)")
    .option('--favor-state', 'with --defer: read the --state relations (what compile does anyway)')
    .option('--inline <sql>', "render SQL with Jinja (ref, source, macros) in the project's context and print it, writing nothing")
    .action(async (flags: ParsedFlags & { validate: boolean; inline?: string; empty?: boolean; defer?: boolean; favorState?: boolean }) => {
      const reporter = reporterFor(flags);
      try {
        if (flags.inline !== undefined) {
          process.stdout.write(`${(await compileInline({ ...projectOptions(flags, reporter), inline: flags.inline })).trim()}\n`);
          return;
        }
        const state = flags.state ? await loadPreviousState(flags.state) : undefined;
        const compiled = await compileProject({ ...projectOptions(flags, reporter), ...selectionOptions(flags), state, validate: flags.validate, empty: flags.empty, defer: flags.defer ? { favorState: flags.favorState } : undefined });
        // One node selected (its tests aside), as `strata compile -s orders`: its SQL is printed too, as dbt prints it.
        const shown = [...compiled.selected].map((id) => compiled.parsed.manifest.nodes[id]).filter((node) => node && node.resource_type !== 'test' && node.resource_type !== 'unit_test');
        const node = shown.length === 1 && flags.select ? shown[0] : undefined;
        if (node && 'compiled_code' in node && node.compiled_code !== undefined) process.stdout.write(`Compiled node '${node.name}' is:\n${node.compiled_code.trim()}\n`);
      } finally {
        await reporter.close?.();
      }
    });
}
