import type { Command } from 'commander';
import { traceLineage } from '../../api/trace-lineage.js';
import { projectOptions, reporterFor, withProjectFlags, type ParsedFlags } from '../shared-flags.js';

interface LineageFlags extends ParsedFlags {
  downstream?: boolean;
  influences?: boolean;
}

export function registerLineageCommand(program: Command): void {
  withProjectFlags(program.command('lineage <model.column>'))
    .description('show where a column comes from (or, with --downstream, where it goes), column by column')
    .option('--downstream', 'the columns derived from this one, instead of its sources')
    .option('--influences', 'also follow columns that only influence it (window partitions and orders, filters)')
    .action(async (column: string, flags: LineageFlags) => {
      const reporter = reporterFor({ ...flags, quiet: true });
      try {
        const tree = await traceLineage({ ...projectOptions(flags, reporter), column, downstream: flags.downstream, includeInfluences: flags.influences });
        process.stdout.write(`${tree}\n`);
      } finally {
        await reporter.close?.();
      }
    });
}
