/**
 * The CLI's only way to the terminal: results and reports go to stdout, problems to stderr. Commands
 * never call `console.*` or `process.exit`; they return results and the program prints them here.
 */

/** How the CLI exits. */
export const EXIT_CODE = {
  /** Everything went well. */
  Ok: 0,
  /** The input is invalid (a flow with errors, an unreadable file, a bad option). */
  UserError: 1,
  /** connect-async itself failed. */
  InternalFailure: 2,
} as const;

export type ExitCode = (typeof EXIT_CODE)[keyof typeof EXIT_CODE];

/** Where output goes; tests pass in-memory streams. */
export interface LoggerStreams {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

export interface Logger {
  /** A line of the command's report (stdout). */
  info(line: string): void;
  /** A line about something worth attention that does not fail the command (stderr). */
  warn(line: string): void;
  /** A line about a failure (stderr). */
  error(line: string): void;
  /** Raw output meant for a pipe, such as Mermaid or JSON text, written as is (stdout). */
  data(text: string): void;
}

export function createLogger(streams: LoggerStreams = { stdout: process.stdout, stderr: process.stderr }): Logger {
  return {
    info: (line) => streams.stdout.write(`${line}\n`),
    warn: (line) => streams.stderr.write(`${line}\n`),
    error: (line) => streams.stderr.write(`${line}\n`),
    data: (text) => streams.stdout.write(text),
  };
}
