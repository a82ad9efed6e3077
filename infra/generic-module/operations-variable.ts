/**
 * The generic module's `operations` variable: its type, and validation blocks that mirror
 * validateOperations (operation.ts) rule by rule, each message naming the attribute and what to change.
 * Terraform (before 1.9) lets a variable's validation see only that variable, so the rule that needs
 * `workflow_type` too (EXPRESS runs at most 300 s) is a precondition on the state machines instead
 * (generic-bridge.ts).
 */
import { DEFAULT_FAST_PATH_MS, MAX_CACHE_TTL_SECONDS, MAX_POLL_WAIT_MS, RESERVED_OPERATION_NAMES } from "../../handlers/lib/operations-config";
import {
  COMPLETION_RESERVE_SECONDS,
  DEFAULT_TIMEOUT_SECONDS,
  LAMBDA_ARN,
  MAX_FAST_PATH_MS,
  MAX_TARGETS,
  MIN_TIMEOUT_SECONDS,
  OPERATION_NAME_PATTERN,
  RESERVED_INPUT,
  resolveOperation,
  retryBackoffSeconds,
  STANDARD_MAX_TIMEOUT_SECONDS,
} from "../operation";
import { TargetInput } from "../../handlers/lib/target-event";
import { hclString } from "./hcl-expression";

/** The variable's type constraint (optional attributes with the construct's defaults: Terraform ≥ 1.3). */
export const OPERATIONS_TYPE = [
  "map(object({",
  "target = optional(string),",
  "targets = optional(list(string)),",
  "mode = optional(string),",
  `timeout_seconds = optional(number, ${DEFAULT_TIMEOUT_SECONDS}),`,
  "cache_ttl_seconds = optional(number, 0),",
  "cache_key = optional(list(string)),",
  "inputs = optional(list(string)),",
  `fast_path_ms = optional(number, ${DEFAULT_FAST_PATH_MS}),`,
  "poll_wait_ms = optional(number, 0),",
  'response_type = optional(string, "STRING_MAP"),',
  "target_input = optional(string)",
  "}))",
].join(" ");

/** One validation block. */
export interface VariableValidation {
  /** An HCL expression, true when valid. */
  readonly condition: string;
  /** What is wrong and what to change. */
  readonly errorMessage: string;
}

/** A JavaScript regular expression as an RE2 pattern literal (the ones used here are RE2-compatible). */
function pattern(regex: RegExp): string {
  return hclString(regex.source);
}

/**
 * A rule every operation must satisfy (`rule`, an HCL expression of `name` and `op`). The message names
 * the operations that break it, as the construct's do (`Operation "balance": …`), and reads as a
 * sentence, which Terraform before 1.2 required of a literal message and still suggests.
 */
function perOperation(rule: string, problem: string): VariableValidation {
  const offenders = `join(", ", [for name, op in var.operations : "\\"\${name}\\"" if !(${rule})])`;
  return { condition: `\${alltrue([for name, op in var.operations : ${rule}])}`, errorMessage: `Operation \${${offenders}}: ${problem}` };
}

/** The default retry policy's worst-case backoff per invocation (the module offers no retry settings). */
const BACKOFF_SECONDS = retryBackoffSeconds(resolveOperation({ name: "x", target: "x" }).retry);

/** The validation blocks, in the order validateOperation checks. */
export function operationsValidations(): VariableValidation[] {
  const targets = "(op.target != null ? [op.target] : coalesce(op.targets, []))";
  return [
    { condition: "${length(var.operations) > 0}", errorMessage: "Declare at least one operation in operations." },
    perOperation(`can(regex(${pattern(OPERATION_NAME_PATTERN)}, name))`, "the name (map key) must match [A-Za-z0-9_-]{1,40} (letters, digits, '_' and '-', at most 40); rename it."),
    perOperation(
      `!contains([${RESERVED_OPERATION_NAMES.map((name) => hclString(name)).join(", ")}], name)`,
      "the name (map key) is a property every JavaScript object has (Object.prototype), which the handlers refuse; rename it.",
    ),
    perOperation("(op.target == null) != (op.targets == null)", "give either target (one Lambda ARN, drop-in) or targets (a list of ARNs with mode), not both and not neither."),
    perOperation('op.targets == null ? op.mode == null : contains(["parallel", "sequence"], coalesce(op.mode, "none"))', 'targets need mode = "parallel" or "sequence"; a single target takes no mode.'),
    perOperation(`length(${targets}) >= 1 && length(${targets}) <= ${MAX_TARGETS}`, `targets must name from 1 to ${MAX_TARGETS} Lambda ARNs.`),
    perOperation(`alltrue([for arn in ${targets} : can(regex(${pattern(LAMBDA_ARN)}, arn))])`, "each target must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>, optionally :<alias or version>)."),
    perOperation(`floor(op.timeout_seconds) == op.timeout_seconds && op.timeout_seconds >= ${MIN_TIMEOUT_SECONDS} && op.timeout_seconds <= ${STANDARD_MAX_TIMEOUT_SECONDS}`, `timeout_seconds must be a whole number of seconds from ${MIN_TIMEOUT_SECONDS} to ${STANDARD_MAX_TIMEOUT_SECONDS} (at most 300 with workflow_type EXPRESS).`),
    perOperation(
      `floor(op.cache_ttl_seconds) == op.cache_ttl_seconds && op.cache_ttl_seconds >= 0 && op.cache_ttl_seconds <= ${MAX_CACHE_TTL_SECONDS}`,
      `cache_ttl_seconds must be a whole number of seconds from 0 (per contact only) to ${MAX_CACHE_TTL_SECONDS} (a year).`,
    ),
    perOperation(`floor(op.fast_path_ms) == op.fast_path_ms && op.fast_path_ms >= 0 && op.fast_path_ms <= ${MAX_FAST_PATH_MS}`, `fast_path_ms must be a whole number from 0 to ${MAX_FAST_PATH_MS} (start must answer Connect within 8 s).`),
    perOperation(`floor(op.poll_wait_ms) == op.poll_wait_ms && op.poll_wait_ms >= 0 && op.poll_wait_ms <= ${MAX_POLL_WAIT_MS}`, `poll_wait_ms must be a whole number from 0 to ${MAX_POLL_WAIT_MS} (poll must answer within the flow's poll time limit).`),
    perOperation('contains(["STRING_MAP", "JSON"], op.response_type)', 'response_type must be "STRING_MAP" or "JSON".'),
    perOperation(
      `op.target_input == null || (contains([${Object.values(TargetInput).map(hclString).join(", ")}], coalesce(op.target_input, "none")) && (op.target_input != ${hclString(TargetInput.cacheKey)} || op.cache_key != null))`,
      `target_input must be "${TargetInput.cacheKey}" (the cache-key inputs alone: the default with cache_key) or "${TargetInput.contactEvent}" (the first caller's Connect event), and "${TargetInput.cacheKey}" needs cache_key.`,
    ),
    perOperation(`alltrue([for input in coalesce(op.inputs, []) : !can(regex(${pattern(RESERVED_INPUT)}, input))])`, 'inputs must not use "operation" or names starting with "async" (the handlers reserve them); rename them.'),
    perOperation("op.cache_key == null || op.cache_ttl_seconds > 0", "cache_key shares one result across contacts, but cache_ttl_seconds is 0 (per contact only); give cache_ttl_seconds a number of seconds, or leave cache_key out."),
    perOperation("op.cache_key == null || length(coalesce(op.cache_key, [])) > 0", "cache_key must name at least one input attribute; leave it out to key on the ContactId."),
    perOperation(
      'length(distinct(coalesce(op.cache_key, []))) == length(coalesce(op.cache_key, [])) && !contains(coalesce(op.cache_key, []), "")',
      'cache_key must name each input once, and "" is not a name; remove the repeated or empty names.',
    ),
    perOperation(`alltrue([for key in coalesce(op.cache_key, []) : op.inputs == null ? !can(regex(${pattern(RESERVED_INPUT)}, key)) : contains(coalesce(op.inputs, []), key)])`, "each cache_key name must be one of the operation's inputs (when inputs is given) and must not be reserved (\"operation\", \"async…\"); add it to inputs or remove it from cache_key."),
    perOperation(
      `(op.targets != null && op.mode == "sequence" ? ${BACKOFF_SECONDS} * length(${targets}) : ${BACKOFF_SECONDS}) < op.timeout_seconds - ${COMPLETION_RESERVE_SECONDS}`,
      `the retry policy (2 retries, waiting up to ${BACKOFF_SECONDS} s per target) does not fit in timeout_seconds less ${COMPLETION_RESERVE_SECONDS} s to record the outcome; raise timeout_seconds (targets in sequence each add their wait).`,
    ),
  ];
}
