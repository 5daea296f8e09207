/** A few rows as a plain-text table, for showing a failed test's first failing rows. */
export function rowsTable(rows: readonly Readonly<Record<string, unknown>>[], maxWidth = 40): string[] {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]!);
  const cell = (value: unknown): string => {
    const text = value === null || value === undefined ? 'null' : typeof value === 'object' ? JSON.stringify(value) : String(value);
    const flat = text.replace(/\s+/g, ' ');
    return flat.length > maxWidth ? `${flat.slice(0, maxWidth - 1)}…` : flat;
  };
  const cells = rows.map((row) => columns.map((column) => cell(row[column])));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: readonly string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join(' | ').trimEnd();
  return [line(columns), widths.map((w) => '-'.repeat(w)).join('-+-'), ...cells.map(line)];
}
