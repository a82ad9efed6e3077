/**
 * Where the handlers find their operations. `OPERATIONS` holds the JSON itself, but a Lambda's
 * environment is capped at 4 KB, which held about 11 operations; `OPERATIONS_FILE` names a file with
 * the same JSON, which the bridge ships inside each function's zip (`operations.json`), so the number
 * of operations is bounded by nothing but the zip. Exactly one of the two may be set.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { ConfigurationError, describeCause } from "./errors";
import { operationsFrom, type ParsedOperations, parseOperations, parseOperationsJson } from "./operations-config";

/**
 * The operations from `env`, those refused listed apart (one bad operation never disables the others).
 * A relative `OPERATIONS_FILE` resolves against `LAMBDA_TASK_ROOT` (where Lambda unpacks the zip),
 * else against `handlerDir` (the bundle's own folder, for a local run).
 *
 * @throws ConfigurationError naming the variable, the resolved path and what to change, when the text as a whole is unusable
 */
export function readOperationsConfig(env: NodeJS.ProcessEnv, handlerDir: string): ParsedOperations {
  const file = env.OPERATIONS_FILE;
  const inline = env.OPERATIONS;
  if (file === undefined || file === "") return parseOperations(inline);
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
  return operationsFrom(withDerivedStateMachineArns(parseOperationsJson(text, origin), env.STATE_MACHINE_ARN_PREFIX), origin);
}

/**
 * The bridge's file holds no state machine ARN (the zip is built at synth, before Terraform knows the
 * account): an entry without one runs `STATE_MACHINE_ARN_PREFIX` + its name. A value that is not an
 * object is passed on unchanged, for {@link operationsFrom} to report.
 */
function withDerivedStateMachineArns(parsed: unknown, prefix: string | undefined): unknown {
  if (prefix === undefined || prefix === "" || typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return parsed;
  const entries = Object.entries(parsed as Record<string, unknown>).map(([name, entry]) =>
    typeof entry === "object" && entry !== null && !("stateMachineArn" in entry) ? [name, { ...entry, stateMachineArn: `${prefix}${name}` }] : [name, entry],
  );
  return Object.fromEntries(entries);
}
