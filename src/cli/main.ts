/** Entry point of the `strata` command (bin/strata.js loads this). */
export async function main(argv: string[]): Promise<void> {
  process.stdout.write(`strata: ${argv.slice(2).join(' ')}\n`);
}
