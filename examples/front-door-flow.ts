/**
 * The flow-builder example shown in the README: a welcome prompt and a DTMF menu. Built and validated
 * by a test, so the README's snippet cannot rot. Print it: `npx tsx examples/front-door-flow.ts`.
 */
import { DisconnectParticipant } from "../flows/blocks/disconnect-participant";
import { GetParticipantInput } from "../flows/blocks/get-participant-input";
import { MessageParticipant } from "../flows/blocks/message-participant";
import { TransferToFlow } from "../flows/blocks/transfer-to-flow";
import { Chain } from "../flows/chain";
import { Flow } from "../flows/flow";
import type { FlowJson } from "../flows/flow-json";

export function buildFrontDoorFlow(billingFlowArn: string, salesFlowArn: string): FlowJson {
  const goodbye = new DisconnectParticipant("Goodbye");
  const billing = new TransferToFlow("To billing", { contactFlowId: billingFlowArn }).onError(goodbye);
  const sales = new TransferToFlow("To sales", { contactFlowId: salesFlowArn }).onError(goodbye);

  const menu = new GetParticipantInput("Menu", { prompt: { text: "Press 1 for billing, 2 for sales." } });
  menu.when("1", billing).when("2", sales).otherwise(goodbye).onTimeout(goodbye).onError(goodbye);

  return new Flow({
    name: "Front door",
    startWith: Chain.start(new MessageParticipant("Welcome", { prompt: { text: "Hello!" } }).onError(goodbye)).next(menu),
  }).toJson(); // laid out, validated, deterministic
}

if (require.main === module) {
  const arn = (name: string) => `arn:aws:connect:us-east-1:111111111111:instance/example/contact-flow/${name}`;
  process.stdout.write(`${JSON.stringify(buildFrontDoorFlow(arn("billing"), arn("sales")), null, 2)}\n`);
}
