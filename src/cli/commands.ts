import type { Command } from 'commander';
import { registerCleanCommand } from './commands/clean.js';
import { registerCompileCommand } from './commands/compile.js';
import { registerDebugCommand } from './commands/debug.js';
import { registerDocsCommand } from './commands/docs.js';
import { registerInitCommand } from './commands/init.js';
import { registerLineageCommand } from './commands/lineage.js';
import { registerListCommand } from './commands/list.js';
import { registerParseCommand } from './commands/parse.js';
import { registerRunCommands } from './commands/run.js';
import { registerRetryCommand } from './commands/retry.js';
import { registerRunOperationCommand } from './commands/run-operation.js';
import { registerShowCommand } from './commands/show.js';
import { registerSourceCommand } from './commands/source.js';
import { templateFlagsOf } from './template-flags.js';

/** Every command of the CLI, each defined in its own file under commands/. */
export function registerCommands(program: Command): void {
  // Every action sees dbt's `flags` for its templates (see template-flags.ts) as `templateFlags`.
  program.hook('preAction', (_program, action) => {
    action.setOptionValue('templateFlags', templateFlagsOf(action, process.argv.slice(2)));
  });
  registerInitCommand(program);
  registerParseCommand(program);
  registerCompileCommand(program);
  registerListCommand(program);
  registerRunCommands(program);
  registerRetryCommand(program);
  registerRunOperationCommand(program);
  registerShowCommand(program);
  registerSourceCommand(program);
  registerLineageCommand(program);
  registerCleanCommand(program);
  registerDebugCommand(program);
  registerDocsCommand(program);
}
