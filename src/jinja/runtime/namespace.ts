/** Jinja2's namespace(), cycler() and joiner() objects. */
import { splitArgs } from './call-args.js';
import { isMapping, mappingEntries, pyRepr } from './values.js';

/** A namespace: `{% set ns.x = 1 %}` assigns a plain property, visible in every scope holding it. */
export class Namespace {
  constructor(initial?: Record<string, unknown>) {
    if (initial) Object.assign(this, initial);
  }
  __repr__(): string {
    const entries = Object.entries(this).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`);
    return `<Namespace {${entries.join(', ')}}>`;
  }
}

/** namespace(mapping?, **kwargs) */
export function makeNamespace(...raw: unknown[]): Namespace {
  const [args, kwargs] = splitArgs(raw);
  const ns = new Namespace();
  const target = ns as unknown as Record<string, unknown>;
  for (const arg of args) {
    if (isMapping(arg)) for (const [k, v] of mappingEntries(arg)) target[String(k)] = v;
  }
  Object.assign(target, kwargs);
  return ns;
}

/** cycler(*items): .next(), .reset(), .current */
export class Cycler {
  private pos = 0;
  constructor(readonly items: unknown[]) {}
  get current(): unknown {
    return this.items[this.pos];
  }
  next(): unknown {
    const value = this.items[this.pos];
    this.pos = (this.pos + 1) % this.items.length;
    return value;
  }
  reset(): null {
    this.pos = 0;
    return null;
  }
}

/** joiner(sep=', '): a callable returning '' the first time and `sep` afterwards. */
export function makeJoiner(...raw: unknown[]): () => string {
  const [args, kwargs] = splitArgs(raw);
  const sep = args[0] ?? kwargs.sep ?? ', ';
  let used = false;
  return () => {
    if (!used) {
      used = true;
      return '';
    }
    return String(sep);
  };
}
