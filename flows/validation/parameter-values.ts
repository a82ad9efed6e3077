import type { FlowParameterValue } from "../flow-json";
import { findJsonPathReferences, isSingleReference } from "./json-path";

/** What a numeric parameter holds: the console writes numbers as strings ("8"); hand-written flows use numbers. */
export type NumericParameter =
  | { readonly kind: "absent" }
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "reference"; readonly single: boolean }
  | { readonly kind: "invalid" };

const NUMBER_TEXT = /^\s*-?\d+(\.\d+)?\s*$/;

export function readNumericParameter(value: FlowParameterValue | undefined): NumericParameter {
  if (value === undefined || value === null) return { kind: "absent" };
  if (typeof value === "number") return Number.isFinite(value) ? { kind: "number", value } : { kind: "invalid" };
  if (typeof value !== "string") return { kind: "invalid" };
  if (findJsonPathReferences(value).length > 0) return { kind: "reference", single: isSingleReference(value) };
  return NUMBER_TEXT.test(value) ? { kind: "number", value: Number(value) } : { kind: "invalid" };
}

/** True for a whole number within [min, max]. */
export function isIntegerBetween(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/**
 * The text of a scalar parameter or operand, for comparisons; "" for objects and lists. Unlike `String()`, it
 * cannot throw (an object without a prototype has no `toString`).
 */
export function scalarText(value: unknown): string {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : "";
}
