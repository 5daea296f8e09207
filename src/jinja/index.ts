/** strata's Jinja engine: Jinja2 3.1 semantics as dbt configures it. */
export { Environment, type EnvironmentOptions } from './environment.js';
export { Template, type TemplateDefinition } from './template.js';
export type { JinjaMacro } from './eval/macro.js';
export { TemplateAssertionError, TemplateSyntaxError, TemplateRuntimeError, type TemplateFrame } from './errors.js';
