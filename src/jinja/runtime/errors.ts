/**
 * Errors raised by the runtime with the name of the Python exception Jinja2 would raise,
 * so the engine can report `TypeError: ...` exactly as dbt users see it.
 */
export class JinjaRuntimeError extends Error {
  constructor(
    message: string,
    readonly pythonType: string,
  ) {
    super(message);
    this.name = 'JinjaRuntimeError';
  }
}

/** Thrown by dbt's `return()` global; the engine catches it at the macro boundary and uses `value`. */
export class MacroReturn {
  constructor(readonly value: unknown) {}
}

/** Shorthand constructors for the Python exception types the runtime raises. */
export const typeError = (message: string): JinjaRuntimeError => new JinjaRuntimeError(message, 'TypeError');
export const valueError = (message: string): JinjaRuntimeError => new JinjaRuntimeError(message, 'ValueError');
export const attributeError = (message: string): JinjaRuntimeError => new JinjaRuntimeError(message, 'AttributeError');
export const keyError = (message: string): JinjaRuntimeError => new JinjaRuntimeError(message, 'KeyError');
export const indexError = (message: string): JinjaRuntimeError => new JinjaRuntimeError(message, 'IndexError');
export const zeroDivisionError = (message: string): JinjaRuntimeError => new JinjaRuntimeError(message, 'ZeroDivisionError');
export const filterArgumentError = (message: string): JinjaRuntimeError =>
  new JinjaRuntimeError(message, 'FilterArgumentError');
export const securityError = (message: string): JinjaRuntimeError => new JinjaRuntimeError(message, 'SecurityError');
