/** Turns anything thrown while rendering into a TemplateRuntimeError at the failing expression. */
import { TemplateRuntimeError, TemplateSyntaxError } from '../errors.js';
import { JinjaRuntimeError, MacroReturn } from '../runtime/index.js';

/** Static facts about a compiled template that error reporting needs. */
export interface TemplateStatics {
  readonly file: string;
  readonly source: string;
  readonly positions: readonly (readonly [number, number])[];
}

/** Errors that left a macro and still wait for the caller's location to be added to their stack. */
const awaitingCaller = new WeakSet<TemplateRuntimeError>();

/**
 * Called by the catch block of every generated function with the position index `p` of the operation
 * that was running. `macro` names the macro whose body holds it (null at a template's top level);
 * `boundary` is true in a macro's own body function, where the error leaves the macro.
 */
export function locate(error: unknown, tpl: TemplateStatics, p: number, macro: string | null, boundary: boolean): unknown {
  if (error instanceof MacroReturn || error instanceof TemplateSyntaxError) return error;
  const [line, column] = tpl.positions[p] ?? [1, 1];
  const frame = { file: tpl.file, line, column, ...(macro === null ? {} : { macro }) };
  let located: TemplateRuntimeError;
  if (error instanceof TemplateRuntimeError) {
    if (!awaitingCaller.has(error)) return error;
    located = error.calledFrom(frame);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    const pythonType =
      error instanceof JinjaRuntimeError ? error.pythonType : error instanceof Error ? error.name : 'Exception';
    located = new TemplateRuntimeError(message, pythonType, [frame], tpl.source, error);
  }
  if (boundary) awaitingCaller.add(located);
  return located;
}
