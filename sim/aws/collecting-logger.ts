/** The handlers' logger in the simulator: keeps warnings and errors for the report, drops the rest. */
import type { InvocationLogger } from "../../handlers/lib/invocation-logger";
import type { HandlerProblem } from "../report/simulation-result";

/** A logger that keeps the handlers' warnings and errors and drops the rest. */
export function collectingLogger(sink: HandlerProblem[]): InvocationLogger {
  return {
    info: () => undefined,
    warn: (message, fields) => void sink.push({ level: "warn", message, fields }),
    error: (message, fields) => void sink.push({ level: "error", message, fields }),
  };
}
