/**
 * `$.` references of the flow language, resolved against a contact's flow data: whole-value paths
 * (`$.External.balance` as a parameter) and interpolation inside text (`"You owe $.External.balance"`).
 * Dot form (`$.Attributes.key`), bracket form (`$['Attributes']['key']`) and the mixed form
 * (`$.Attributes.['key with spaces']`) are understood.
 */

/** A JSON-like value in the flow data object. */
export type FlowDataValue = string | number | boolean | null | undefined | FlowDataValue[] | { [key: string]: FlowDataValue };

/** The flow data object a reference is resolved against. */
export type FlowData = { readonly [root: string]: FlowDataValue };

const SEGMENT = String.raw`(?:\.?\[\s*'[^']*'\s*\]|\.?\[\s*"[^"]*"\s*\]|\.[A-Za-z0-9_\-]+)`;
/** A reference inside text: `$` followed by at least one segment. */
const REFERENCE_IN_TEXT = new RegExp(String.raw`\$(?:${SEGMENT})+`, "g");
/** A whole-value reference. */
const WHOLE_REFERENCE = new RegExp(String.raw`^\$(?:${SEGMENT})+$`);

/** Whether a parameter value is exactly one reference. */
export function isReference(value: string): boolean {
  return WHOLE_REFERENCE.test(value.trim());
}

/** Splits `$.a.['b c'].d` into `["a", "b c", "d"]`. */
export function referenceSegments(reference: string): string[] {
  const segments: string[] = [];
  const pattern = new RegExp(SEGMENT, "g");
  const body = reference.trim().slice(1);
  for (let match = pattern.exec(body); match; match = pattern.exec(body)) {
    const token = match[0];
    const quoted = /\[\s*(['"])(.*)\1\s*\]$/.exec(token);
    segments.push(quoted ? quoted[2] : token.slice(1));
  }
  return segments;
}

/** The value a whole reference points to, or undefined when absent. */
export function resolveReference(reference: string, data: FlowData): FlowDataValue {
  let current: FlowDataValue = data as { [key: string]: FlowDataValue };
  for (const segment of referenceSegments(reference)) {
    if (current === null || current === undefined || typeof current !== "object") return undefined;
    current = Array.isArray(current) ? current[Number(segment)] : current[segment];
  }
  return current;
}

/** Text form of a resolved value: Connect substitutes an absent value with nothing. */
export function valueToText(value: FlowDataValue): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Replaces every reference inside `text` with its value's text. */
export function interpolate(text: string, data: FlowData): string {
  return text.replace(REFERENCE_IN_TEXT, (reference) => valueToText(resolveReference(reference, data)));
}

/**
 * Resolves a parameter value: a whole reference keeps the referenced value's text, other strings are
 * interpolated, and objects and arrays are resolved member by member.
 */
export function resolveParameter(value: unknown, data: FlowData): FlowDataValue {
  if (typeof value === "string") return isReference(value) ? valueToText(resolveReference(value, data)) : interpolate(value, data);
  if (Array.isArray(value)) return value.map((item) => resolveParameter(item, data));
  if (value !== null && typeof value === "object") {
    const resolved: { [key: string]: FlowDataValue } = {};
    for (const [key, item] of Object.entries(value)) resolved[interpolate(key, data)] = resolveParameter(item, data);
    return resolved;
  }
  return value as FlowDataValue;
}
