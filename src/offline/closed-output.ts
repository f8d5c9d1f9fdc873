// `busmeter analyze … --json | head -1`: the reader closes the pipe and the next write fails
// with EPIPE. That is the reader saying "enough", not an error: the CLI stops quietly.

/** Ends the process quietly (exit code 0) when `stream`'s reader has gone; other errors are rethrown. */
export function endQuietlyOnClosedOutput(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') process.exit(0);
    throw error;
  });
}
