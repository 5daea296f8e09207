import { InvalidArgumentError, Option, type Command } from 'commander';
import { rowsTable } from '../../report/rows-table.js';
import { projectOptions, reporterFor, selectionOptions, withProjectFlags, withSelectionFlags, type ParsedFlags } from '../shared-flags.js';

interface ShowFlags extends ParsedFlags {
  inline?: string;
  defer?: boolean;
  favorState?: boolean;
  limit: number;
  output: 'text' | 'json';
  validate: boolean;
}

/** `strata show --select x` / `--inline '…'`: the first rows of a node's SQL, as dbt show prints them. */
export function registerShowCommand(program: Command): void {
  withSelectionFlags(withProjectFlags(program.command('show')))
    .description("print the first rows of the selected node's SQL (or of --inline SQL) from the target, without building anything")
    .option('--inline <sql>', "SQL with Jinja (ref, source, var, macros) to preview instead of a node, e.g. \"select * from {{ ref('orders') }}\"")
    .option('--limit <n>', 'how many rows (-1: all of them)', rowLimit, 5)
    .addOption(new Option('-o, --output <format>', 'a table, or one JSON object per node ({"node", "show"})').choices(['text', 'json']).default('text'))
    .option('--no-validate', "skip checking the compiled SQL with PostgreSQL's parser first")
    .option('--defer', "refs to nodes not selected read the --state run's relations when this target lacks them")
    .option('--favor-state', 'with --defer: read the --state relations even when this target has its own')
    .action(async (flags: ShowFlags) => {
      // With --output json stdout carries only the JSON, so a program can read it.
      const reporter = reporterFor(flags.output === 'json' ? { ...flags, quiet: true } : flags);
      const { showNodes } = await import('../../api/show-node.js');
      const { loadPreviousState } = await import('../../api/previous-state.js');
      try {
        const state = flags.state ? await loadPreviousState(flags.state) : undefined;
        const shown = await showNodes({
          ...(state && { state }),
          defer: flags.defer,
          favorState: flags.favorState,
          ...projectOptions(flags, reporter),
          ...selectionOptions(flags),
          // A node is shown as selected: its tests are not added (dbt's indirect selection does not apply).
          indirectSelection: 'empty',
          inline: flags.inline,
          limit: flags.limit,
          validate: flags.validate,
        });
        const blocks = shown.map((node) => {
          if (flags.output === 'json') return JSON.stringify({ node: node.name, show: node.rows });
          const table = node.rows.length > 0 ? rowsTable(node.rows, 60) : [node.columns.join(' | '), '(no rows)'];
          return [`Previewing ${node.uniqueId === 'inline_query' ? 'inline query' : `node '${node.name}'`}:`, ...table].join('\n');
        });
        process.stdout.write(`${blocks.join(flags.output === 'json' ? '\n' : '\n\n')}\n`);
      } finally {
        await reporter.close?.();
      }
    });
}

function rowLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected a whole number (-1 for all rows)');
  return n;
}
