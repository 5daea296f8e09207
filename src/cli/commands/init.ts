import type { Command } from 'commander';
import path from 'node:path';
import { initProject } from '../../api/init-project.js';

export function registerInitCommand(program: Command): void {
  program
    .command('init <name>')
    .description('create a new project that `strata build` builds into the embedded database')
    .action(async (name: string) => {
      const dir = await initProject(process.cwd(), name);
      process.stdout.write(`Created ${path.relative(process.cwd(), dir)}/\nNext: cd ${name} && strata build\n`);
    });
}
