import type { Command } from 'commander';
import path from 'node:path';
import { writeManifest } from '../../artifacts/manifest-json.js';
import { loadManifest } from '../../api/load-manifest.js';
import { projectOptions, reporterFor, withProjectFlags, type ParsedFlags } from '../shared-flags.js';

export function registerParseCommand(program: Command): void {
  withProjectFlags(program.command('parse'))
    .description('read and check the whole project and write target/manifest.json')
    .action(async (flags: ParsedFlags) => {
      const reporter = reporterFor(flags);
      try {
        const loaded = await loadManifest(projectOptions(flags, reporter));
        const manifest = loaded.parsed.manifest;
        await writeManifest(loaded.open.targetDir, manifest, manifest.metadata.generated_at);
        const counts = new Map<string, number>();
        for (const node of Object.values(manifest.nodes)) counts.set(node.resource_type, (counts.get(node.resource_type) ?? 0) + 1);
        counts.set('source', Object.keys(manifest.sources).length);
        counts.set('macro', Object.values(manifest.macros).filter((m) => m.package_name === manifest.metadata.project_name).length);
        const summary = [...counts].filter(([, n]) => n > 0).map(([kind, n]) => `${n} ${kind}${n === 1 ? '' : 's'}`).join(', ');
        reporter.report({ kind: 'info', message: `Parsed ${summary}; wrote ${path.relative(process.cwd(), path.join(loaded.open.targetDir, 'manifest.json'))}` });
      } finally {
        await reporter.close?.();
      }
    });
}
