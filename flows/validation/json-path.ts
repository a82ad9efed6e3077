/**
 * Finds the `$.` references (Connect's JSONPath subset) inside a parameter value.
 *
 * Connect interpolates references into text by substring (`"Hello $.Attributes.name"`), so a reference ends
 * where its name characters end; a dot followed by a space or the end is sentence punctuation, not part of
 * the reference. Forms: `$.Root.key`, `$['Root']['key']`, `$.Attributes.['key with spaces']`, `$.a.0`.
 * A `$` followed by anything else (`$1000`, `${Terraform.ref}`) is not a reference.
 *
 * @see ../../../shared/reference/connect-flow-language.md §1.4 and §3
 */

/** One reference found in a value. */
export interface JsonPathReference {
  /** The reference as written, e.g. `$.External.balance`. */
  readonly text: string;
  /** Offset of the `$` in the value. */
  readonly start: number;
  /** The segments after `$`, e.g. ["External", "balance"]. */
  readonly segments: ReadonlyArray<string>;
  /** Set when the reference is malformed: what is wrong with it. */
  readonly problem?: string;
}

/**
 * Namespaces a reference may start with (reference §3, plus `Views` from the ShowView exports). Unknown
 * roots are warnings, not errors: AWS keeps adding namespaces.
 */
export const KNOWN_REFERENCE_ROOTS: ReadonlySet<string> = new Set([
  "Attributes", "FlowAttributes", "External", "LambdaInvocation", "Lex", "Customer", "Case", "Task",
  "StoredCustomerInput", "Media", "MediaStreams", "Metrics", "Queue", "Agent", "CustomerEndpoint",
  "SystemEndpoint", "References", "Loop", "SegmentAttributes", "Tags", "Views",
  "ContactId", "InitialContactId", "PreviousContactId", "RelatedContactId", "Channel", "InitiationMethod",
  "InstanceARN", "Name", "Description", "CustomerId", "LanguageCode", "TextToSpeechVoiceId", "AwsRegion",
]);

const NAME_CHARACTER = /[\p{L}\p{N}_-]/u;
const DIGIT = /[0-9]/;

/** Every reference in `value`, in order, malformed ones included (with a `problem`). */
export function findJsonPathReferences(value: string): JsonPathReference[] {
  const references: JsonPathReference[] = [];
  let index = value.indexOf("$");
  while (index !== -1) {
    const next = value[index + 1];
    if (next === "." || next === "[") {
      const reference = readReference(value, index);
      references.push(reference);
      index = value.indexOf("$", index + Math.max(1, reference.text.length));
    } else {
      index = value.indexOf("$", index + 1);
    }
  }
  return references;
}

/** True when the whole value (trimmed) is exactly one well-formed reference. */
export function isSingleReference(value: string): boolean {
  const trimmed = value.trim();
  const references = findJsonPathReferences(trimmed);
  return references.length === 1 && references[0].start === 0 && references[0].text.length === trimmed.length && !references[0].problem;
}

function readReference(value: string, start: number): JsonPathReference {
  const segments: string[] = [];
  let position = start + 1;
  const done = (problem?: string, end = position): JsonPathReference => ({
    text: value.slice(start, end),
    start,
    segments,
    ...(problem ? { problem } : {}),
  });
  for (;;) {
    const character = value[position];
    if (character === ".") {
      const after = value[position + 1];
      if (after !== undefined && NAME_CHARACTER.test(after)) {
        let end = position + 1;
        while (end < value.length && NAME_CHARACTER.test(value[end])) end += 1;
        segments.push(value.slice(position + 1, end));
        position = end;
        continue;
      }
      if (after === "[") {
        position += 1;
        continue;
      }
      if (segments.length === 0) return done("`$.` is not followed by a name", position + 1);
      if (after === "." && value[position + 2] !== undefined && NAME_CHARACTER.test(value[position + 2])) {
        return done("has an empty name between two dots (`..`)", position + 2);
      }
      return done();
    }
    if (character === "[") {
      const quote = value[position + 1];
      if (quote === "'" || quote === '"') {
        const close = value.indexOf(quote, position + 2);
        if (close === -1) return done(`opens [${quote} but never closes the quoted name`, value.length);
        if (value[close + 1] !== "]") return done(`closes the quoted name with ${quote} but not with ]`, close + 1);
        const name = value.slice(position + 2, close);
        if (name === "") return done("has an empty quoted name ['']", close + 2);
        segments.push(name);
        position = close + 2;
        continue;
      }
      if (quote !== undefined && DIGIT.test(quote)) {
        let end = position + 1;
        while (end < value.length && DIGIT.test(value[end])) end += 1;
        if (value[end] !== "]") return done("opens an index [ without closing it with ]", end);
        segments.push(value.slice(position + 1, end));
        position = end + 1;
        continue;
      }
      return done("has [ not followed by a quoted name or an index (write ['name'])", position + 1);
    }
    return done();
  }
}
