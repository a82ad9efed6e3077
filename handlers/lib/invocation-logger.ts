/**
 * The handlers' logger, as an interface so tests can capture or silence it. Production uses
 * Powertools' Logger (one JSON object per line, with the Lambda context fields it adds), which fits
 * this interface as it is.
 */
import { Logger } from "@aws-lambda-powertools/logger";

/** The fields of one log line. Keep phone numbers and parameter values out of them. */
export type LogFields = { readonly [key: string]: unknown };

/** Writes structured log lines. */
export interface InvocationLogger {
  info(message: string, fields: LogFields): void;
  warn(message: string, fields: LogFields): void;
  error(message: string, fields: LogFields): void;
}

/**
 * The production logger for one handler; `POWERTOOLS_LOG_LEVEL` and friends still apply, and
 * `POWERTOOLS_SERVICE_NAME` (the bridge sets `<prefix>-start` / `<prefix>-poll`) names the service.
 */
export function createPowertoolsLogger(handlerName: string, env: NodeJS.ProcessEnv = process.env): InvocationLogger {
  return new Logger({ serviceName: env.POWERTOOLS_SERVICE_NAME || `connect-async-${handlerName}` });
}
