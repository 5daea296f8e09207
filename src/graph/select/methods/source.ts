/** `source:raw`, `source:raw.players`, `source:my_package.raw.players` (each part may use wildcards). */
import { fnmatch } from '../../glob.js';
import { selectionError } from '../selection-error.js';
import { idsWhere, type SelectorMethod } from './method.js';

export const sourceMethod: SelectorMethod = (context, criterion) => {
  const parts = criterion.value.split('.');
  let pkg = '*';
  let sourceName: string;
  let table = '*';
  if (parts.length === 1) [sourceName] = parts as [string];
  else if (parts.length === 2) [sourceName, table] = parts as [string, string];
  else if (parts.length === 3) [pkg, sourceName, table] = parts as [string, string, string];
  else {
    throw selectionError(
      criterion.origin,
      `'${criterion.raw}' is not a valid source selector`,
      'Sources are selected as source:<source_name>, source:<source_name>.<table_name> or source:<package>.<source_name>.<table_name>.',
    );
  }
  return idsWhere(
    context.index.sources,
    (s) => fnmatch(s.package_name, pkg) && fnmatch(s.source_name, sourceName) && fnmatch(s.name, table),
  );
};
