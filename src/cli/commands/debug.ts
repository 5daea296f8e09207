import type { Command } from 'commander';
import { debugProject, describeTarget } from '../../api/debug-project.js';
import { projectOptions, reporterFor, withProjectFlags, type ParsedFlags } from '../shared-flags.js';

export function registerDebugCommand(program: Command): void {
  withProjectFlags(program.command('debug'))
    .description('check the project and profile and connect to the target (exit 3 when the database cannot be reached)')
    .action(async (flags: ParsedFlags) => {
      const reporter = reporterFor(flags);
      try {
        const report = await debugProject(projectOptions(flags, reporter));
        const lines = [
          `project:  ${report.projectName} (${report.projectDir})`,
          `target:   ${report.target.name}${report.builtinTarget ? ' (built-in)' : ''}: ${describeTarget(report.target)}`,
          `server:   PostgreSQL ${report.serverVersion}, database ${report.database}, user ${report.user}`,
          'connection OK',
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        await reporter.close?.();
      }
    });
}
