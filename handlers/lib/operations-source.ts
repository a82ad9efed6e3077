/**
 * Where the handlers find their operations. `OPERATIONS` holds the JSON itself, but a Lambda's
 * environment is capped at 4 KB, which held about 11 operations; `OPERATIONS_FILE` names a file with
 * the same JSON, which the bridge ships inside each function's zip (`operations.json`), so the number
 * of operations is bounded by nothing but the zip. Exactly one of the two may be set.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { ConfigurationError, describeCause } from "./errors";
import { type OperationsConfig, parseOperationsConfig } from "./operations-config";

/**
 * The operations from `env`. A relative `OPERATIONS_FILE` resolves against `LAMBDA_TASK_ROOT` (where
 * Lambda unpacks the zip), else against `handlerDir` (the bundle's own folder, for a local run).
 *
 * @throws ConfigurationError naming the variable, the resolved path and what to change
 */
export function readOperationsConfig(env: NodeJS.ProcessEnv, handlerDir: string): OperationsConfig {
  const file = env.OPERATIONS_FILE;
  const inline = env.OPERATIONS;
  if (file === undefined || file === "") return parseOperationsConfig(inline);
  if (inline !== undefined && inline !== "") {
    throw new ConfigurationError("both OPERATIONS and OPERATIONS_FILE are set; set only one, so there is no doubt which operations are in force");
  }
  const resolved = path.resolve(env.LAMBDA_TASK_ROOT || handlerDir, file);
  const origin = `OPERATIONS_FILE (${resolved})`;
  let text: string;
  try {
    text = readFileSync(resolved, "utf8");
  } catch (error) {
    throw new ConfigurationError(`${origin} cannot be read (${describeCause(error)}); ship the operations JSON at that path in the function's package, or point OPERATIONS_FILE at it`);
  }
  if (text.trim() === "") throw new ConfigurationError(`${origin} is empty; it must hold a JSON object keyed by operation name`);
  return parseOperationsConfig(text, origin);
}
