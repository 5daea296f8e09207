import { JinjaRuntimeError } from './errors.js';
import { Undefined } from './values.js';

/** The error Jinja2 raises when an Undefined is used beyond printing and testing (called, added, indexed...). */
export function undefinedError(value: Undefined | undefined): JinjaRuntimeError {
  if (value === undefined) return new JinjaRuntimeError("'undefined' is undefined", 'UndefinedError');
  return new JinjaRuntimeError(value.message, value.errorType);
}
