import { InvalidArgumentError, Option, type Command } from 'commander';
import { loadPreviousState } from '../../api/previous-state.js';
import { loadManifest } from '../../api/load-manifest.js';
import { LIST_OUTPUT_KEYS, listedNodes, nodeAsJson, selectorName, type ListOutputKey } from '../../api/list-nodes.js';
import { CollectingReporter, type Reporter } from '../../report/events.js';
import { projectOptions, reporterFor, selectionOptions, withProjectFlags, withSelectionFlags, type ParsedFlags } from '../shared-flags.js';

interface ListFlags extends ParsedFlags {
  output: 'selector' | 'name' | 'path' | 'json';
  outputKeys?: ListOutputKey[];
}

function outputKey(value: string, previous: ListOutputKey[] = []): ListOutputKey[] {
  const keys = value.split(/[\s,]+/).filter(Boolean);
  for (const key of keys)
    if (!(LIST_OUTPUT_KEYS as readonly string[]).includes(key)) throw new InvalidArgumentError(`unknown key "${key}"; expected one of ${LIST_OUTPUT_KEYS.join(', ')}`);
  return [...previous, ...(keys as ListOutputKey[])];
}

export function registerListCommand(program: Command): void {
  withSelectionFlags(withProjectFlags(program.command('ls').alias('list')))
    .description('list the selected nodes, one per line (names, paths or JSON objects)')
    .addOption(new Option('-o, --output <format>', 'what to print for each node').choices(['selector', 'name', 'path', 'json']).default('selector'))
    .option('--output-keys <keys...>', `keys of --output json (${LIST_OUTPUT_KEYS.join(', ')})`, outputKey)
    .action(async (flags: ListFlags) => {
      // stdout carries only the list, so a program can read it; warnings go to stderr.
      const reporter: Reporter = flags.logFormat === 'json' ? new CollectingReporter() : reporterFor({ ...flags, quiet: true });
      const state = flags.state ? await loadPreviousState(flags.state) : undefined;
      const loaded = await loadManifest({ ...projectOptions(flags, reporter), ...selectionOptions(flags), state });
      const lines = listedNodes(loaded.parsed.manifest, loaded.selected).map((node) => {
        switch (flags.output) {
          case 'name':
            return node.name;
          case 'path':
            return node.original_file_path;
          case 'json':
            return JSON.stringify(nodeAsJson(node, flags.outputKeys));
          default:
            return selectorName(node);
        }
      });
      process.stdout.write(lines.length ? `${lines.join('\n')}\n` : '');
      await reporter.close?.();
    });
}
