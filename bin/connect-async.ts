/**
 * Entry point of the `connect-async` command line (loaded by `connect-async.js` through tsx). It only
 * orchestrates: build the program, run it, and turn what happened into an exit code
 * (0 ok, 1 invalid input, 2 internal failure).
 */
import { CommanderError } from "commander";
import { hideArchivedCdktfWarning } from "./archived-cdktf-warning";
import { createLogger, EXIT_CODE } from "./logger";
import { createProgram } from "./program";

// `synth` runs the user's app in this process: archived CDKTF's DEP0044 noise must not reach the user.
hideArchivedCdktfWarning();

async function main(argv: ReadonlyArray<string>): Promise<void> {
  const logger = createLogger();
  const program = createProgram(logger);
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage mistakes with commander's code 1.
      process.exitCode = error.exitCode === 0 ? EXIT_CODE.Ok : EXIT_CODE.UserError;
      return;
    }
    logger.error(`connect-async failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = EXIT_CODE.InternalFailure;
  }
}

void main(process.argv);
