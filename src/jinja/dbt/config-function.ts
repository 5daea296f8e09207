import { CompileError } from '../../errors/strata-error.js';
import { Kwargs, isMapping, mappingEntries, toHost } from '../runtime/values.js';

/** What the `config` object of a render reads and writes. */
export interface ConfigTarget {
  /** Records a `config(...)` call's keys (later calls override earlier ones). */
  record(values: Record<string, unknown>): void;
  /** The node's configuration as resolved so far (project < property file < in-file calls). */
  current(): Readonly<Record<string, unknown>>;
  /** The same as the node's own copy, when current() may be a configuration shared (frozen) with other nodes. */
  own?(): Readonly<Record<string, unknown>>;
  readonly nodeId: string;
  readonly file: string;
}

/**
 * dbt's `config`: callable as `{{ config(materialized='table') }}` (renders nothing), with
 * `config.get(key, default)` and `config.require(key)`.
 */
export function createConfigFunction(target: ConfigTarget): unknown {
  const config = (...args: unknown[]): string => {
    const values: Record<string, unknown> = {};
    for (const arg of args) {
      if (arg instanceof Kwargs) Object.assign(values, hostValues(arg.values));
      else if (isMapping(arg)) for (const [k, v] of mappingEntries(arg)) values[String(k)] = toHost(v);
      else if (arg !== null && arg !== undefined)
        throw new CompileError(`config() takes keyword arguments or one dict, got ${typeof arg}`, { location: { file: target.file }, nodeId: target.nodeId });
    }
    target.record(values);
    return '';
  };
  const get = (...args: unknown[]): unknown => {
    const { positional, kwargs } = splitArgs(args);
    const key = String(positional[0] ?? kwargs.name);
    const fallback = positional.length > 1 ? positional[1] : (kwargs.default ?? null);
    const value = lookup(target, key);
    return value === undefined ? fallback : value;
  };
  const require = (...args: unknown[]): unknown => {
    const { positional, kwargs } = splitArgs(args);
    const key = String(positional[0] ?? kwargs.name);
    const value = lookup(target, key);
    if (value === undefined || value === null)
      throw new CompileError(`the model requires config '${key}', which is not set`, {
        location: { file: target.file },
        nodeId: target.nodeId,
        hint: `Set it with {{ config(${key}=...) }} in the model, in a property file, or in the project file.`,
      });
    return value;
  };
  return Object.assign(config, { get, require });
}

function hostValues(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) out[k] = toHost(v);
  return out;
}

function splitArgs(args: unknown[]): { positional: unknown[]; kwargs: Record<string, unknown> } {
  const last = args[args.length - 1];
  return last instanceof Kwargs ? { positional: args.slice(0, -1), kwargs: last.values } : { positional: args, kwargs: {} };
}

/**
 * Config keys are looked up as written and with `-`/`_` swapped (`pre-hook` is `pre_hook`). Nodes
 * that configure nothing of their own share one frozen configuration: a list or mapping is handed
 * out from the node's own copy, so a template may change it (`config.get('meta').update(...)`) as
 * in dbt, for this node only.
 */
function lookup(target: ConfigTarget, key: string): unknown {
  const alt = key.includes('-') ? key.replace(/-/g, '_') : key.replace(/_/g, '-');
  const find = (config: Readonly<Record<string, unknown>>) => (key in config ? config[key] : config[alt]);
  const value = find(target.current());
  if (typeof value !== 'object' || value === null || !Object.isFrozen(value)) return value;
  return target.own ? find(target.own()) : structuredClone(value);
}
