/** A path into a YAML value: mapping keys and sequence indexes, as zod reports them. */
export type KeyPath = readonly (string | number)[];

/** Formats a key path the way users read it: `models[2].columns[0].tests`. */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_+][\w+\-]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out === '' ? '(top level)' : out;
}
