/** Binding a filter's positional and keyword arguments to its Python parameter names. */
import { typeError } from '../errors.js';

/**
 * Returns the arguments in parameter order (undefined where not given), raising Python's TypeError
 * for unknown keywords, duplicates or too many positional arguments. `fname` is Jinja2's function name.
 */
export function filterArgs(
  fname: string,
  names: readonly string[],
  args: readonly unknown[],
  kwargs: Record<string, unknown>,
): unknown[] {
  if (args.length > names.length) {
    throw typeError(
      `${fname}() takes from 1 to ${names.length + 1} positional arguments but ${args.length + 1} were given`,
    );
  }
  const out: unknown[] = new Array(names.length);
  for (let i = 0; i < args.length; i++) out[i] = args[i];
  for (const key in kwargs) {
    const i = names.indexOf(key);
    if (i === -1) throw typeError(`${fname}() got an unexpected keyword argument '${key}'`);
    if (i < args.length) throw typeError(`${fname}() got multiple values for argument '${key}'`);
    out[i] = kwargs[key];
  }
  return out;
}
