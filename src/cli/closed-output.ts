/**
 * A reader that goes away before strata has finished writing (`strata ls | head`, `strata run | head`)
 * is not an error of strata's. Node reports it as an unhandled EPIPE with a stack trace; instead the
 * command goes on (a run still finishes, and commits, what it started) and what it writes after that
 * goes nowhere. Any other output error stays fatal, as before.
 */
export function tolerateClosedReader(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    throw error;
  });
}
