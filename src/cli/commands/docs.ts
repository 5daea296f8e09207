import { existsSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { openProject } from '../../api/open-project.js';
import { ConfigError } from '../../errors/strata-error.js';
import { projectOptions, reporterFor, withProjectFlags, type ParsedFlags } from '../shared-flags.js';

interface GenerateFlags extends ParsedFlags {
  /** commander's `--no-catalog`: false when given. */
  catalog: boolean;
}

interface ServeFlags extends ParsedFlags {
  port: number;
}

const DEFAULT_PORT = 8080;

/** `strata docs generate` and `strata docs serve`. */
export function registerDocsCommand(program: Command): void {
  const docs = program.command('docs').description('generate and serve a documentation site of the project, with its lineage');

  withProjectFlags(docs.command('generate'))
    .description('compile, read column types from the database when reachable, and write target/index.html (one self-contained file) and target/catalog.json')
    .option('--no-catalog', 'do not connect to the database: the docs show declared column types only')
    .action(async (flags: GenerateFlags) => {
      const reporter = reporterFor(flags);
      const { generateProjectDocs } = await import('../../docs/generate-project-docs.js');
      try {
        await generateProjectDocs({ ...projectOptions(flags, reporter), catalog: flags.catalog });
      } finally {
        await reporter.close?.();
      }
    });

  withProjectFlags(docs.command('serve'))
    .description(`serve target/ on http://127.0.0.1 (port ${DEFAULT_PORT} unless --port) until interrupted`)
    .option('--port <n>', 'the port to listen on (0 picks a free one)', port, DEFAULT_PORT)
    .action(async (flags: ServeFlags) => {
      const reporter = reporterFor(flags);
      try {
        const open = await openProject(projectOptions(flags, reporter));
        if (!existsSync(path.join(open.targetDir, 'index.html')))
          throw new ConfigError(`no docs to serve: ${path.relative(process.cwd(), path.join(open.targetDir, 'index.html')) || 'index.html'} does not exist`, { hint: 'run strata docs generate first' });
        const { serveDocs } = await import('../../docs/serve-docs.js');
        const served = await serveDocs({ dir: open.targetDir, port: flags.port }).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'EADDRINUSE') throw new ConfigError(`port ${flags.port} is in use`, { hint: 'pick another with --port' });
          throw error;
        });
        reporter.report({ kind: 'info', message: `Serving the docs at ${served.url} (Ctrl-C to stop)` });
        await new Promise<void>((resolve) => {
          const stop = (): void => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            served.close().then(resolve, resolve);
            // Keep-alive connections of an open browser tab would hold close() open.
            served.server.closeAllConnections();
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
      } finally {
        await reporter.close?.();
      }
    });
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return n;
}
