import { blockId } from "../../../flows/block-id";
import type { IChainable } from "../../../flows/chain";
import { Flow, type FlowProps } from "../../../flows/flow";
import type { FlowJson } from "../../../flows/flow-json";

/** The flow name every builder test renders under. */
export const FLOW_NAME = "Demo";

/** Renders `startWith` as flow "Demo". */
export function render(startWith: IChainable, props: Partial<Omit<FlowProps, "startWith">> = {}): FlowJson {
  return new Flow({ name: FLOW_NAME, startWith, ...props }).toJson();
}

/** The Identifier of block `name` in flow "Demo" (pinned separately by the block-id tests). */
export function id(name: string): string {
  return blockId(FLOW_NAME, name);
}
