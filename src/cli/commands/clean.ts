import type { Command } from 'commander';
import { cleanProject } from '../../api/clean-project.js';
import { projectOptions, reporterFor, withProjectFlags, type ParsedFlags } from '../shared-flags.js';

export function registerCleanCommand(program: Command): void {
  withProjectFlags(program.command('clean'))
    .description("delete the project's clean-targets (default: target/)")
    .action(async (flags: ParsedFlags) => {
      const reporter = reporterFor(flags);
      const removed = await cleanProject(projectOptions(flags, reporter));
      reporter.report({ kind: 'info', message: removed.length ? `Removed ${removed.join(', ')}` : 'Nothing to clean' });
      await reporter.close?.();
    });
}
