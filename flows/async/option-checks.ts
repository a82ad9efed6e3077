/**
 * Checks of the macro's options shared by both halves and both strategies. Each throws a message that
 * names the macro use (`label`) and the option, so a bad prop fails the build at the line that made it.
 */
import { type PromptSource, renderPromptSource } from "../blocks/message-participant";
import { promptDurationMs } from "../prompt-duration";
import type { AsyncWaitOptions } from "./wait-options";
import { MAX_SYNC_LAMBDA_SECONDS } from "../validation/lambda-rules";

/** Macro ids and operation names. */
export const NAME_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;

export function requireNonEmpty(label: string, prop: string, value: unknown): void {
  if (typeof value !== "string" || value.trim().length === 0) throw new Error(`${label}: ${prop} must be a non-empty string (got ${JSON.stringify(value)})`);
}

/** A synchronous invocation's time limit: Connect waits at most 8 s. */
export function requireTimeLimit(label: string, prop: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_SYNC_LAMBDA_SECONDS) {
    throw new Error(`${label}: ${prop} must be an integer from 1 to ${MAX_SYNC_LAMBDA_SECONDS} (got ${JSON.stringify(value)})`);
  }
  return value;
}

export function requireIntegerIn(label: string, prop: string, value: number, min: number, max: number, why = ""): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${label}: ${prop} must be an integer from ${min} to ${max}${why} (got ${JSON.stringify(value)})`);
  }
  return value;
}

/** A prompt the wait is sized by: its length must be known (stated for recordings). */
export function requirePromptSeconds(label: string, prop: string, source: PromptSource): number {
  renderPromptSource(`${label} ${prop}`, source);
  const durationMs = promptDurationMs(source);
  if (durationMs === undefined) {
    throw new Error(`${label}: ${prop} is a recording of unknown length; give lengthSeconds so the wait can be sized`);
  }
  return durationMs / 1000;
}

/** Checks both strategies share: the poll ARN, the limit and the three outcomes. */
export function checkCommonOptions(label: string, options: AsyncWaitOptions): void {
  requireNonEmpty(label, "pollFunctionArn", options?.pollFunctionArn);
  if (typeof options.maxWaitSeconds !== "number" || !(options.maxWaitSeconds > 0) || !Number.isFinite(options.maxWaitSeconds)) {
    throw new Error(`${label}: maxWaitSeconds must be a positive number of seconds (got ${JSON.stringify(options.maxWaitSeconds)})`);
  }
  for (const outcome of ["onSuccess", "onFailure", "onTimeout"] as const) {
    if (options[outcome] === undefined) throw new Error(`${label}: ${outcome} is required: every outcome of the wait must lead somewhere`);
  }
}
