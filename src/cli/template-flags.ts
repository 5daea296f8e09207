import type { Command } from 'commander';

/**
 * dbt's `flags` as templates read them (`flags.FULL_REFRESH`, `flags.WHICH`, …), from the command
 * and its parsed options: what a model's `{% if flags.FULL_REFRESH %}` or an on-run-end hook's
 * `{% if flags.WHICH == 'build' %}` asks. Flags a command does not take are false or None, as in dbt.
 */
export function templateFlagsOf(command: Command, argv: readonly string[]): Record<string, unknown> {
  const options = command.opts<Record<string, unknown>>();
  const list = (value: unknown) => (Array.isArray(value) && value.length > 0 ? [...(value as unknown[])] : null);
  const select = [...((options.select as string[] | undefined) ?? []), ...((options.models as string[] | undefined) ?? [])];
  return {
    WHICH: command.parent?.parent ? `${command.parent.name()}-${command.name()}` : command.name(),
    FULL_REFRESH: Boolean(options.fullRefresh),
    STORE_FAILURES: Boolean(options.storeFailures),
    WARN_ERROR: Boolean(options.warnError),
    FAIL_FAST: Boolean(options.failFast),
    DEFER: Boolean(options.defer),
    FAVOR_STATE: Boolean(options.favorState),
    EMPTY: Boolean(options.empty),
    THREADS: options.threads ?? null,
    TARGET: options.target ?? null,
    SELECT: select.length > 0 ? select : null,
    EXCLUDE: list(options.exclude),
    SELECTOR: options.selector ?? null,
    RESOURCE_TYPE: list(options.resourceType),
    STATE: options.state ?? null,
    PROJECT_DIR: options.projectDir ?? null,
    PROFILES_DIR: options.profilesDir ?? null,
    VARS: options.vars ?? null,
    LOG_FORMAT: options.logFormat ?? 'text',
    QUIET: Boolean(options.quiet),
    DEBUG: Boolean(options.debug),
    USE_COLORS: options.color !== false,
    INVOCATION_COMMAND: ['strata', ...argv].join(' '),
  };
}
