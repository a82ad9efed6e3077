/**
 * The handlers' edge: dependencies built from environment variables once per cold start. A bad
 * configuration does not crash the import (Connect would only see a Lambda error); instead every call
 * answers ERROR with `asyncErrorCode=CONFIGURATION` and the log says what to fix.
 *
 * Environment: `TABLE_NAME` (the status table), `OPERATIONS` (JSON, see operations-config.ts). SDK
 * clients take the default config, so `AWS_ENDPOINT_URL_DYNAMODB` / `AWS_ENDPOINT_URL_SFN` and the
 * region from the Lambda runtime apply.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type Sleep, systemClock, timerSleep } from "./clock";
import { DynamoDbRequestStore } from "./dynamodb-request-store";
import { ConfigurationError, describeCause } from "./errors";
import type { PollDependencies } from "./handler-dependencies";
import { answer, type ConnectHandler } from "./invocation";
import { createPowertoolsLogger, type InvocationLogger } from "./invocation-logger";
import { parseOperationsConfig } from "./operations-config";

/** The dependencies every handler shares, from the environment. */
export interface EnvironmentDependencies extends PollDependencies {
  /** A real timer. */
  readonly sleep: Sleep;
}

/** Options of {@link handlerFromEnvironment}; tests replace the defaults. */
export interface EnvironmentOptions {
  /** The variables to read. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** The logger. @default Powertools' Logger for the handler */
  readonly logger?: InvocationLogger;
}

/**
 * Builds a handler from the environment with `create`, or a handler that answers CONFIGURATION to
 * every call when the environment is unusable.
 */
export function handlerFromEnvironment(
  handlerName: string,
  create: (dependencies: EnvironmentDependencies) => ConnectHandler,
  options: EnvironmentOptions = {},
): ConnectHandler {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createPowertoolsLogger(handlerName);
  try {
    const tableName = env.TABLE_NAME;
    if (tableName === undefined || tableName === "") throw new ConfigurationError("TABLE_NAME is not set; it must name the status table");
    const operations = parseOperationsConfig(env.OPERATIONS);
    const store = new DynamoDbRequestStore({ client: new DynamoDBClient({}), tableName, clock: systemClock });
    return create({ store, clock: systemClock, sleep: timerSleep, operations, logger });
  } catch (thrown) {
    const failure = thrown instanceof ConfigurationError ? thrown : new ConfigurationError(describeCause(thrown), { cause: thrown });
    return (_event) =>
      answer({ clock: systemClock, logger }, handlerName, async () => {
        throw failure;
      });
  }
}
