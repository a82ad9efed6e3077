/**
 * Fills in the placeholders of a flow kept as a template (flows/template/placeholders.ts) with values the
 * user gives, and lists what is left, so a flow can be written out ready to import. Values go into the
 * parsed document, never into JSON text, so a value cannot change the document's structure.
 */
import type { FlowJson } from "../flow-json";
import { findPlaceholders, isResourceField, type PlaceholderSyntax } from "./placeholders";

/** What stands where a real value must go, and is not written as a placeholder: e.g. a tool's stand-in ARN. */
export interface StandIn {
  /** The whole string as it appears in the flow. */
  readonly value: string;
  /** The name the user gives its value by, e.g. `aws_lambda_function.start.arn`. */
  readonly name: string;
  /** What it stands for, for messages (e.g. "the stack's Lambda connect-async-demo-start"). */
  readonly description: string;
}

/** A name still without a value after substitution, with where it is used. */
export interface UnresolvedReference {
  readonly name: string;
  /** As written in the flow (the placeholder, or the stand-in value). */
  readonly text: string;
  /** The placeholder's syntax, or "stand-in". */
  readonly kind: PlaceholderSyntax | "stand-in";
  /** What it stands for, for stand-ins. @default none */
  readonly description?: string;
  /** Identifiers of the blocks using it, in document order. */
  readonly blockIds: ReadonlyArray<string>;
}

export interface SubstitutionResult {
  /** The flow with every known value filled in (actions and designer metadata). */
  readonly flow: FlowJson;
  /** The names whose value was used at least once. */
  readonly used: ReadonlySet<string>;
  /** The names still without a value in the actions, sorted by name. */
  readonly unresolved: ReadonlyArray<UnresolvedReference>;
}

/**
 * Replaces every placeholder and stand-in whose name has a value. "ENTER …" text counts as a placeholder only
 * in ARN, id and prompt fields (and in the designer metadata that names the same resource, when the user
 * gives its value). Never mutates `flow`.
 */
export function substitutePlaceholders(flow: FlowJson, values: ReadonlyMap<string, string>, standIns: ReadonlyArray<StandIn> = []): SubstitutionResult {
  const standInByValue = new Map(standIns.map((standIn) => [standIn.value, standIn]));
  const used = new Set<string>();
  const unresolved = new Map<string, { name: string; text: string; kind: PlaceholderSyntax | "stand-in"; description?: string; blockIds: string[] }>();
  const note = (blockId: string | undefined, entry: Omit<UnresolvedReference, "blockIds">): void => {
    if (blockId === undefined) return;
    const known = unresolved.get(entry.name) ?? { ...entry, blockIds: [] };
    if (!known.blockIds.includes(blockId)) known.blockIds.push(blockId);
    unresolved.set(entry.name, known);
  };

  const substitute = (text: string, key: string | undefined, blockId: string | undefined): string => {
    const standIn = standInByValue.get(text);
    if (standIn !== undefined) {
      const value = values.get(standIn.name);
      if (value !== undefined) {
        used.add(standIn.name);
        return value;
      }
      note(blockId, { name: standIn.name, text, kind: "stand-in", description: standIn.description });
      return text;
    }
    let result = text;
    const allowText = key !== undefined && isResourceField(key);
    for (const placeholder of findPlaceholders(text, { text: allowText || values.has(text.trim()) })) {
      const value = values.get(placeholder.name);
      if (value === undefined) {
        note(blockId, { name: placeholder.name, text: placeholder.text, kind: placeholder.syntax });
        continue;
      }
      used.add(placeholder.name);
      result = result.split(placeholder.text).join(value);
    }
    return result;
  };

  const actions = flow.Actions.map((action) => mapStrings(action, (text, key) => substitute(text, key, action.Identifier))) as FlowJson["Actions"];
  const metadata = flow.Metadata === undefined ? undefined : mapStrings(flow.Metadata, (text, key) => substitute(text, key, undefined)) as FlowJson["Metadata"];
  const substituted: FlowJson = { ...flow, ...(metadata !== undefined ? { Metadata: metadata } : {}), Actions: actions };
  const list = [...unresolved.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { flow: substituted, used, unresolved: list };
}

/** Maps every string value (not keys) of a JSON value; `key` is the nearest object key above it. */
function mapStrings(value: unknown, map: (text: string, key: string | undefined) => string, key?: string): unknown {
  if (typeof value === "string") return map(value, key);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map, key));
  if (typeof value === "object" && value !== null) {
    // fromEntries keeps a key such as "__proto__" an ordinary key.
    return Object.fromEntries(Object.entries(value).map(([childKey, child]) => [childKey, mapStrings(child, map, childKey)]));
  }
  return value;
}
