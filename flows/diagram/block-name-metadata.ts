/**
 * Builder block names carried inside the flow JSON, so any tool that reads the JSON (a diagram of a
 * synthesized flow, a diff in a pull request) can show the names the flow was written with.
 *
 * They live in the designer metadata, `Metadata.ActionMetadata[id].connectAsync.blockName`: Connect
 * treats `Metadata` as opaque and stores it as given ("may be filled in with data as desired", reference
 * §9), and the console ignores keys it does not know, as it keeps the many per-type extras it writes
 * (§9.3). One namespaced key keeps them apart from anything the console may add later.
 */
import type { FlowJson } from "../flow-json";

/** The key under `ActionMetadata[id]` that holds connect-async's own designer extras. */
export const CONNECT_ASYNC_METADATA_KEY = "connectAsync";

/** What connect-async keeps about one block in `ActionMetadata[id][CONNECT_ASYNC_METADATA_KEY]`. */
export interface ConnectAsyncBlockMetadata {
  /** The block's name in the builder, e.g. `"lookUpAccount: start"`. */
  readonly blockName: string;
}

/** The metadata entry that records `blockName`, to spread into `ActionMetadata[id]`. */
export function blockNameMetadata(blockName: string): { readonly [CONNECT_ASYNC_METADATA_KEY]: ConnectAsyncBlockMetadata } {
  return { [CONNECT_ASYNC_METADATA_KEY]: { blockName } };
}

/** Identifier → builder name, for every action whose metadata carries one (none for console exports). */
export function blockNamesOf(flow: FlowJson): Map<string, string> {
  const names = new Map<string, string>();
  const actionMetadata = flow.Metadata?.ActionMetadata;
  if (actionMetadata === null || typeof actionMetadata !== "object") return names;
  for (const [identifier, entry] of Object.entries(actionMetadata)) {
    const own: unknown = (entry as { readonly [key: string]: unknown } | null)?.[CONNECT_ASYNC_METADATA_KEY];
    const name = own !== null && typeof own === "object" ? (own as { blockName?: unknown }).blockName : undefined;
    if (typeof name === "string" && name.trim() !== "") names.set(identifier, name);
  }
  return names;
}
