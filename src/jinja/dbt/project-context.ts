import { createHash, randomUUID } from 'node:crypto';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { CompileError } from '../../errors/strata-error.js';
import { Kwargs, fromHost, pyStr, toHost, truthy } from '../runtime/values.js';
import { UtcDateTime } from '../runtime/modules/datetime.js';
import { raiseCompilerError } from '../runtime/globals.js';
import { createRelation } from './relation.js';

export interface ProjectContextOptions {
  readonly projectName: string;
  /** Variables: the project file's `vars:` with `--vars` over them. */
  readonly vars: Readonly<Record<string, unknown>>;
  /** `target` as templates see it (name, schema, type, database, threads, user, host, …; never the password). */
  readonly target: Readonly<Record<string, unknown>>;
  readonly envVar: (name: string, defaultValue?: unknown) => unknown;
  readonly flags?: Readonly<Record<string, unknown>>;
  readonly invocationId?: string;
  /** `graph` (dbt's manifest-as-dict) as it is when a template reads it; the provider keeps it. */
  readonly graph?: () => Record<string, unknown>;
  /** Where `log(msg, info=True)` and `print(msg)` go (the console); without it they go nowhere. */
  readonly log?: (message: string) => void;
  /** Where `exceptions.warn(msg)` goes (a warning on the console); without it, nowhere. */
  readonly warn?: (message: string) => void;
}

/** The part of every render context that is the same for all nodes of a run. */
export function createProjectContext(options: ProjectContextOptions, parent: object = Object.prototype): Record<string, unknown> {
  const context = Object.create(parent) as Record<string, unknown>;
  const startedAt = new Date();
  Object.assign(context, {
    project_name: options.projectName,
    target: options.target,
    flags: fromHost(options.flags ?? {}),
    // dbt's invocation_args_dict: the same flags by their lower-case names (`which`, `full_refresh`, …).
    invocation_args_dict: fromHost(Object.fromEntries(Object.entries(options.flags ?? {}).map(([key, value]) => [key.toLowerCase(), value]))),
    invocation_id: options.invocationId ?? randomUUID(),
    // A UTC datetime, as dbt's: `{{ run_started_at }}` prints 2024-01-01 12:00:00.123000+00:00, and .strftime() works.
    run_started_at: UtcDateTime.fromInstant(startedAt),
    api: { Relation: { create: createRelation } },
    env_var: (...args: unknown[]) => {
      const last = args[args.length - 1];
      const kw = last instanceof Kwargs ? last.values : {};
      const positional = last instanceof Kwargs ? args.slice(0, -1) : args;
      return fromHost(options.envVar(String(positional[0] ?? kw.var), positional.length > 1 ? positional[1] : kw.default));
    },
    // dbt's log(): with info=True the message reaches the console; without, only dbt's debug log file,
    // which strata does not keep.
    log: (...args: unknown[]) => {
      const last = args[args.length - 1];
      const kw = last instanceof Kwargs ? last.values : {};
      const positional = last instanceof Kwargs ? args.slice(0, -1) : args;
      if (truthy(positional[1] ?? kw.info ?? false)) options.log?.(pyStr(positional[0] ?? kw.msg ?? ''));
      return '';
    },
    // dbt's exceptions: raise_compiler_error fails the render; warn prints a warning and goes on.
    exceptions: {
      raise_compiler_error: raiseCompilerError,
      warn: (...args: unknown[]) => {
        const last = args[args.length - 1];
        const msg = last instanceof Kwargs ? last.values.msg : args[0];
        options.warn?.(pyStr(msg ?? ''));
        return '';
      },
      raise_not_implemented: (...args: unknown[]) => raiseCompilerError(`not implemented: ${pyStr(args[0] ?? '')}`),
    },
    // dbt's helpers for packages: md5 of a string, YAML in and out.
    local_md5: (value: unknown) => createHash('md5').update(pyStr(value)).digest('hex'),
    fromyaml: (value: unknown, fallback: unknown = null) => {
      try {
        return fromHost(parseYaml(pyStr(value)) as unknown);
      } catch {
        return fallback;
      }
    },
    toyaml: (value: unknown) => stringifyYaml(toHost(value), { indentSeq: false }),
    print: (...args: unknown[]) => {
      const last = args[args.length - 1];
      const positional = last instanceof Kwargs ? args.slice(0, -1) : args;
      options.log?.(positional.map((value) => pyStr(value)).join(' '));
      return '';
    },
    var: (...args: unknown[]) => {
      const last = args[args.length - 1];
      const kw = last instanceof Kwargs ? last.values : {};
      const positional = last instanceof Kwargs ? args.slice(0, -1) : args;
      const name = String(positional[0] ?? kw.var_name);
      if (Object.prototype.hasOwnProperty.call(options.vars, name)) return fromHost(options.vars[name]);
      if (positional.length > 1) return positional[1];
      if ('default' in kw) return kw.default;
      throw new CompileError(`required var '${name}' is not set`, {
        hint: `Set it under vars: in the project file, or pass --vars '{${name}: ...}'.`,
      });
    },
  });
  // Asked at each read: during the compile the project is not assembled yet (dbt's graph is empty
  // at parse time too), and the full graph comes once it is.
  if (options.graph) Object.defineProperty(context, 'graph', { enumerable: true, get: () => options.graph!() });
  return context;
}
