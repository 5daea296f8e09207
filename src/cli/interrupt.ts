import { ExitCode } from '../errors/strata-error.js';

/**
 * An AbortSignal for Ctrl-C and SIGTERM: the first stops new nodes from starting and lets running ones
 * finish (so no relation is left half-swapped); a second Ctrl-C exits at once.
 */
export function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(signal === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted);
    process.stderr.write(`\n${signal === 'SIGINT' ? 'Interrupted' : 'Terminated'}: finishing the nodes that are running; press Ctrl-C again to stop now\n`);
    controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}
