/**
 * The per-operation configuration the handlers receive in the `OPERATIONS` environment variable: a
 * JSON object keyed by operation name. infra/ writes it at synth time; the handlers parse it once per
 * cold start.
 */

/** How Connect validates the Lambda's answer (the InvokeLambdaFunction block's ResponseValidation). */
export type ConnectResponseType = "STRING_MAP" | "JSON";

/** One operation as the handlers see it at run time. */
export interface OperationRuntimeConfig {
  /** The ARN of the operation's state machine. */
  readonly stateMachineArn: string;
  /** How long the work may take, in seconds; also bounds the PENDING item's lease. */
  readonly timeoutSeconds: number;
  /** How long a SUCCEEDED result is served to other callers, in seconds; 0 = per contact only. */
  readonly cacheTtlSeconds: number;
  /** Invocation attribute names whose values identify the request across contacts; absent = ContactId. */
  readonly cacheKey?: ReadonlyArray<string>;
  /** How long `start` waits for a quick completion before answering PENDING, in milliseconds. */
  readonly fastPathMs?: number;
  /** The response shape Connect expects from start/poll. @default "STRING_MAP" */
  readonly responseType?: ConnectResponseType;
}

/** The whole `OPERATIONS` object. */
export type OperationsConfig = { readonly [operationName: string]: OperationRuntimeConfig };
