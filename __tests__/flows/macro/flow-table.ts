import { DisconnectParticipant } from "../../../flows/blocks/disconnect-participant";
import { MessageParticipant } from "../../../flows/blocks/message-participant";
import type { Flow } from "../../../flows/flow";
import type { FlowJson } from "../../../flows/flow-json";

/** Where one block leads, by block name: NextAction, each error type, each condition's operand. */
export interface BlockRoutes {
  readonly type: string;
  readonly next?: string;
  readonly errors?: { readonly [errorType: string]: string };
  readonly conditions?: { readonly [operand: string]: string };
}

/**
 * The flow's transitions as a table keyed by block name, read back from the rendered JSON: a test can
 * state "which block leads where" without knowing Identifiers.
 */
export function routeTable(flow: Flow, json: FlowJson): { readonly [blockName: string]: BlockRoutes } {
  const nameOf = new Map(flow.blocks().map((block) => [flow.identifierOf(block), block.name]));
  const name = (identifier: string): string => nameOf.get(identifier) ?? `<unknown ${identifier}>`;
  const table: { [blockName: string]: BlockRoutes } = {};
  for (const action of json.Actions) {
    const { NextAction, Errors, Conditions } = action.Transitions;
    table[name(action.Identifier)] = {
      type: action.Type,
      ...(NextAction !== undefined ? { next: name(NextAction) } : {}),
      ...(Errors !== undefined ? { errors: Object.fromEntries(Errors.map((error) => [error.ErrorType, name(error.NextAction)])) } : {}),
      ...(Conditions !== undefined
        ? { conditions: Object.fromEntries(Conditions.map((condition) => [String(condition.Condition.Operands[0]), name(condition.NextAction)])) }
        : {}),
    };
  }
  return table;
}

/** The action of block `blockName`. */
export function actionOf(flow: Flow, json: FlowJson, blockName: string) {
  const block = flow.blocks().find((candidate) => candidate.name === blockName);
  if (block === undefined) throw new Error(`no block named ${blockName}`);
  return json.Actions.find((action) => action.Identifier === flow.identifierOf(block))!;
}

/** The three outcome blocks a macro test wires, each ending in one shared hang-up (names prefixed by `prefix`). */
export function outcomes(prefix = "") {
  const hangUp = new DisconnectParticipant(`${prefix}Hang up`);
  const outcome = (name: string): MessageParticipant => {
    const block = new MessageParticipant(`${prefix}${name}`, { prompt: { text: name } }).onError(hangUp);
    block.next(hangUp);
    return block;
  };
  return { onSuccess: outcome("Success"), onFailure: outcome("Failure"), onTimeout: outcome("Timeout") };
}
