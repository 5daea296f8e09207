/** Errors the Jinja engine reports to users: syntax errors at compile time and errors raised while rendering. */
import { codeFrame } from '../errors/code-frame.js';
import { CompileError } from '../errors/strata-error.js';

/** One place in a template: where an error happened, or where a macro on the way to it was called. */
export interface TemplateFrame {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The macro (or dbt block) whose body holds this location; undefined at a template's top level. */
  readonly macro?: string;
}

/** A template that Jinja2 would refuse to compile; `location` points at the offending token. */
export class TemplateSyntaxError extends CompileError {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
    readonly column: number,
    source: string,
  ) {
    super(message, { location: { file, line, column }, frame: codeFrame(source, line, column) }, 'jinja_syntax');
  }

  /** The Python exception type Jinja2 would raise. */
  get pythonType(): string {
    return 'TemplateSyntaxError';
  }
}

/** Jinja2's compile-time check failing on a well-formed template: a filter or test that does not exist. */
export class TemplateAssertionError extends TemplateSyntaxError {
  override get pythonType(): string {
    return 'TemplateAssertionError';
  }
}

/**
 * An error raised while rendering: `location` is the expression that failed; `templateStack` lists that place
 * first and then each macro call site leading to it, outermost last.
 */
export class TemplateRuntimeError extends CompileError {
  constructor(
    message: string,
    /** The Python exception type Jinja2 would raise: 'UndefinedError', 'TypeError', ... */
    readonly pythonType: string,
    readonly templateStack: readonly TemplateFrame[],
    source: string,
    cause?: unknown,
  ) {
    const at = templateStack[0]!;
    super(
      message,
      {
        location: { file: at.file, line: at.line, column: at.column },
        frame: codeFrame(source, at.line, at.column),
        // A host function's own hint ("did you mean 'orders'?") comes first, then the macro call chain.
        hint: [causeHint(cause), callChainHint(templateStack)].filter(Boolean).join('\n') || undefined,
        cause,
      },
      'jinja_render',
    );
  }

  /** The same error seen from one more caller outward. */
  calledFrom(frame: TemplateFrame): TemplateRuntimeError {
    const wider = new TemplateRuntimeError(this.message, this.pythonType, [...this.templateStack, frame], '', this.cause);
    Object.defineProperty(wider, 'frame', { value: this.frame });
    return wider;
  }
}

function causeHint(cause: unknown): string | undefined {
  const hint = (cause as { hint?: unknown } | undefined)?.hint;
  return typeof hint === 'string' ? hint : undefined;
}

function callChainHint(stack: readonly TemplateFrame[]): string | undefined {
  if (stack.length < 2) return undefined;
  return stack
    .map((f, i) => `${i === 0 ? 'in' : 'called from'} ${f.macro ? `macro ${f.macro} ` : ''}(${f.file}:${f.line}:${f.column})`)
    .join('\n');
}
