/**
 * A unit test's `given[].input` as written (`ref('x')`, `ref('pkg', 'x', v=2)`, `source('a', 'b')`,
 * `this`), read without rendering: dbt allows only these calls there, with literal arguments.
 */

export type InputCall =
  | { readonly kind: 'ref'; readonly name: string; readonly package?: string; readonly version?: string | number }
  | { readonly kind: 'source'; readonly source: string; readonly table: string }
  | { readonly kind: 'this' };

const CALL = /^\s*(?:\{\{\s*)?(ref|source)\s*\(([\s\S]*)\)\s*(?:\}\})?\s*$/;
const ARGUMENT = /\s*(?:(\w+)\s*=\s*)?(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?))\s*(?:,|$)/y;

/** The call an input names, or undefined when it is not a ref, source or this with literal arguments. */
export function parseInputCall(text: string): InputCall | undefined {
  if (/^\s*(?:\{\{\s*)?this\s*(?:\}\})?\s*$/.test(text)) return { kind: 'this' };
  const match = CALL.exec(text);
  if (!match) return undefined;
  const positional: string[] = [];
  const keyword = new Map<string, string | number>();
  const args = match[2]!;
  ARGUMENT.lastIndex = 0;
  while (ARGUMENT.lastIndex < args.length) {
    const start = ARGUMENT.lastIndex;
    const arg = ARGUMENT.exec(args);
    if (!arg || ARGUMENT.lastIndex === start) return args.slice(start).trim() === '' ? finish() : undefined;
    const value = arg[2] ?? arg[3] ?? Number(arg[4]);
    if (arg[1]) keyword.set(arg[1], value);
    else if (typeof value === 'string') positional.push(value);
    else return undefined;
  }
  return finish();

  function finish(): InputCall | undefined {
    if (match![1] === 'source') {
      const source = positional[0] ?? keyword.get('source_name');
      const table = positional[1] ?? keyword.get('table_name');
      return positional.length <= 2 && typeof source === 'string' && typeof table === 'string' ? { kind: 'source', source, table } : undefined;
    }
    const version = keyword.get('v') ?? keyword.get('version');
    if (positional.length === 1) return { kind: 'ref', name: positional[0]!, ...(version !== undefined && { version }) };
    if (positional.length === 2) return { kind: 'ref', package: positional[0]!, name: positional[1]!, ...(version !== undefined && { version }) };
    return undefined;
  }
}

/** How an input call reads in messages: `ref('x')`, `source('a', 'b')`, `this`. */
export function formatInputCall(call: InputCall): string {
  switch (call.kind) {
    case 'this':
      return 'this';
    case 'source':
      return `source('${call.source}', '${call.table}')`;
    case 'ref':
      return `ref(${call.package ? `'${call.package}', ` : ''}'${call.name}'${call.version !== undefined ? `, v=${JSON.stringify(call.version)}` : ''})`;
  }
}
