/** Jinja2's `loop` object inside a for loop. */
import { JinjaRuntimeError, Undefined, eq, makeTuple } from '../runtime/index.js';

const NO_VALUE = Symbol('no value');

/** The loop variable: position, neighbours, cycle(), changed(), and loop(...) for recursive loops. */
export class LoopContext {
  /** Set by the generated loop before each iteration. */
  index0 = 0;
  private lastChanged: unknown = NO_VALUE;
  readonly pythonTypeName = 'LoopContext';

  constructor(
    private readonly items: readonly unknown[],
    /** 1 for the outermost level of a recursive loop (always 1 otherwise). */
    readonly depth: number,
    private readonly recurse: ((iterable: unknown) => Promise<string>) | null,
  ) {}

  get index(): number {
    return this.index0 + 1;
  }
  get revindex(): number {
    return this.items.length - this.index0;
  }
  get revindex0(): number {
    return this.items.length - this.index0 - 1;
  }
  get first(): boolean {
    return this.index0 === 0;
  }
  get last(): boolean {
    return this.index0 === this.items.length - 1;
  }
  get length(): number {
    return this.items.length;
  }
  get depth0(): number {
    return this.depth - 1;
  }
  get previtem(): unknown {
    return this.index0 > 0 ? this.items[this.index0 - 1] : new Undefined('previtem', 'there is no previous item');
  }
  get nextitem(): unknown {
    return this.index0 < this.items.length - 1 ? this.items[this.index0 + 1] : new Undefined('nextitem', 'there is no next item');
  }

  /** loop.cycle(a, b, ...): the argument at the current index, round robin. */
  cycle(...args: unknown[]): unknown {
    if (!args.length) throw new JinjaRuntimeError('no items for cycling given', 'TypeError');
    return args[this.index0 % args.length];
  }

  /** loop.changed(*values): true on the first call and whenever the values differ from the previous call's. */
  changed(...args: unknown[]): boolean {
    const value = makeTuple(args);
    if (this.lastChanged === NO_VALUE || !eq(this.lastChanged, value)) {
      this.lastChanged = value;
      return true;
    }
    return false;
  }

  /** `loop(iterable)` in a recursive loop renders the loop body again one level deeper. */
  __call__(iterable: unknown): Promise<string> {
    if (!this.recurse) throw new JinjaRuntimeError("The loop must be marked 'recursive' to be called recursively.", 'TypeError');
    return this.recurse(iterable);
  }

  __repr__(): string {
    return `<LoopContext ${this.index}/${this.length}>`;
  }
  __str__(): string {
    return this.__repr__();
  }
  toString(): string {
    return this.__repr__();
  }
}
