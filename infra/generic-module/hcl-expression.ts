/**
 * HCL expression text from typed values, for the generic module's locals: the parts of a state machine
 * definition or IAM policy that do not depend on the operations map are built by the same functions the
 * construct uses (state-machine-definition.ts, iam-policies.ts) and rendered here as HCL object and tuple
 * constructors; the parts that do are {@link HclExpression}s, written in the module's own locals.
 *
 * Only what the module needs: strings (escaped so that a literal `${` or `%{` stays literal), finite
 * numbers, booleans, null, arrays, plain objects and expressions.
 * @see https://developer.hashicorp.com/terraform/language/expressions/strings (escape sequences)
 */

/** HCL expression text, inserted as it is. */
export class HclExpression {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

/** Shorthand for {@link HclExpression}. */
export function hcl(text: string): HclExpression {
  return new HclExpression(text);
}

/** What {@link renderHcl} renders. */
export type HclValue = string | number | boolean | null | HclExpression | ReadonlyArray<HclValue> | { readonly [key: string]: HclValue | undefined };

/** Thrown for a value HCL cannot hold (NaN, a function, a class instance other than HclExpression). */
export class HclRenderError extends Error {
  constructor(readonly path: string, detail: string) {
    super(`cannot render ${path} as HCL: ${detail}`);
    this.name = "HclRenderError";
  }
}

/** A quoted HCL string literal whose content is exactly `value` (no interpolation). */
export function hclString(value: string): string {
  const escaped = value
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t")
    .replace(/\$\{/g, "$${")
    .replace(/%\{/g, "%%{");
  return `"${escaped}"`;
}

/**
 * Stand-ins for values only Terraform knows. The shared builders take plain strings and numbers, so the
 * generator passes them unmistakable stand-ins (a sentinel string, an impossible number) and says here
 * which expression each stands for.
 */
export interface HclSubstitutions {
  /** Sentinel text → expression; a string holding a sentinel becomes a template that interpolates it. */
  readonly strings?: ReadonlyMap<string, string>;
  /** Sentinel number → expression. */
  readonly numbers?: ReadonlyMap<number, string>;
}

/**
 * Renders a value as one line of HCL expression text. Object keys are quoted (ASL keys hold spaces and
 * dots); keys whose value is `undefined` are left out, as JSON.stringify does.
 */
export function renderHcl(value: HclValue, substitutions: HclSubstitutions = {}, path = "value"): string {
  if (value instanceof HclExpression) return value.text;
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return renderString(value, substitutions);
    case "boolean":
      return String(value);
    case "number": {
      if (!Number.isFinite(value)) throw new HclRenderError(path, `${value} is not a finite number`);
      return substitutions.numbers?.get(value) ?? String(value);
    }
    case "object":
      break;
    default:
      throw new HclRenderError(path, `a ${typeof value} has no HCL form`);
  }
  if (Array.isArray(value)) return `[${value.map((item, index) => renderHcl(item as HclValue, substitutions, `${path}[${index}]`)).join(", ")}]`;
  if (Object.getPrototypeOf(value) !== Object.prototype) throw new HclRenderError(path, "only plain objects, arrays and HclExpression are rendered");
  const items = Object.entries(value as { readonly [key: string]: HclValue | undefined })
    .filter((entry): entry is [string, HclValue] => entry[1] !== undefined)
    .map(([key, item]) => `${renderString(key, substitutions)} = ${renderHcl(item, substitutions, `${path}.${key}`)}`);
  return `{ ${items.join(", ")} }`;
}

/** A string, with every sentinel in it interpolated as its expression (a string that is one sentinel is the bare expression). */
function renderString(value: string, substitutions: HclSubstitutions): string {
  const sentinels = [...(substitutions.strings?.keys() ?? [])].filter((sentinel) => value.includes(sentinel));
  if (sentinels.length === 0) return hclString(value);
  const whole = substitutions.strings?.get(value);
  if (whole !== undefined) return whole;
  const pattern = new RegExp(sentinels.map((sentinel) => sentinel.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
  let template = "";
  let last = 0;
  for (const match of value.matchAll(pattern)) {
    template += hclString(value.slice(last, match.index)).slice(1, -1) + `\${${substitutions.strings?.get(match[0])}}`;
    last = match.index + match[0].length;
  }
  return `"${template}${hclString(value.slice(last)).slice(1, -1)}"`;
}
