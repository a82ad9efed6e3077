/**
 * The outputs an exported module gives its caller, read from the stack: each bridge's `start` and `poll`
 * function ARNs, status table name and ARN, state machine ARNs by operation, and every contact flow's ARN
 * and id by flow. With several bridges, each bridge's outputs end in its construct id.
 */
import type { ModuleOutput } from "../../infra/export-module";
import type { StackBridge, StackModel } from "./stack-model";

/** The outputs, by name. */
export function moduleOutputsOf(stack: StackModel): { [name: string]: ModuleOutput } {
  const outputs: { [name: string]: ModuleOutput } = {};
  const several = stack.bridges.length > 1;
  for (const bridge of stack.bridges) {
    const suffix = several ? `_${outputSuffix(bridge)}` : "";
    const about = several ? ` of bridge ${bridge.id}` : "";
    outputs[`start_function_arn${suffix}`] = { value: `\${${bridge.start.address}.arn}`, description: `The start Lambda${about} (contact flows invoke it to start an operation).` };
    outputs[`poll_function_arn${suffix}`] = { value: `\${${bridge.poll.address}.arn}`, description: `The poll Lambda${about} (contact flows invoke it for the outcome).` };
    if (bridge.longPoll !== undefined) {
      outputs[`long_poll_function_arn${suffix}`] = { value: `\${${bridge.longPoll.address}.arn}`, description: `The long-poll Lambda${about} (the event strategy invokes it asynchronously; reserved concurrency).` };
    }
    outputs[`status_table_name${suffix}`] = { value: `\${${bridge.tableAddress}.name}`, description: `The status table${about}.` };
    outputs[`status_table_arn${suffix}`] = { value: `\${${bridge.tableAddress}.arn}`, description: `The status table's ARN${about}.` };
    const machines = Object.values(bridge.operations).flatMap((operation) => (operation.stateMachine === undefined ? [] : [[operation.name, `\${${operation.stateMachine.address}.arn}`] as const]));
    outputs[`state_machine_arns${suffix}`] = { value: Object.fromEntries(machines), description: `The state machine of each operation${about}, by operation name.` };
  }
  if (stack.flows.length > 0) {
    const idAttribute = (address: string) => (address.startsWith("aws_connect_contact_flow_module.") ? "contact_flow_module_id" : "contact_flow_id");
    outputs.contact_flow_arns = {
      value: Object.fromEntries(stack.flows.map((flow) => [flow.fileStem, `\${${flow.address}.arn}`])),
      description: "Each contact flow's (or flow module's) ARN, by the flow's builder name.",
    };
    outputs.contact_flow_ids = {
      value: Object.fromEntries(stack.flows.map((flow) => [flow.fileStem, `\${${flow.address}.${idAttribute(flow.address)}}`])),
      description: "Each contact flow's (or flow module's) id within the instance, by the flow's builder name.",
    };
  }
  return outputs;
}

/** The bridge's construct id as an output-name suffix: `[a-z0-9_]`. */
function outputSuffix(bridge: StackBridge): string {
  const id = bridge.id.split("/").pop() ?? bridge.id;
  return id.toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^_+|_+$/g, "") || "bridge";
}
