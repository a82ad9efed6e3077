/**
 * Your stack: one slow Lambda you already have (its ARN is the Terraform variable lookup_function_arn),
 * put behind connect-async, and a contact flow that starts it, keeps the caller company while it runs
 * (hold music that stops the moment the answer is ready, Connect's asynchronous Lambda mode), and reads
 * its answer.
 */
import { DataAwsConnectInstance } from "@cdktf/provider-aws/lib/data-aws-connect-instance";
import { DataAwsConnectPrompt } from "@cdktf/provider-aws/lib/data-aws-connect-prompt";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { asyncInvoke, ConnectAsyncBridge, ContactFlow, DisconnectParticipant, Flow, MessageParticipant, type FlowJson } from "connect-async";

/** The operation's name: the flow sends it to start, and it names the state machine. */
export const LOOKUP_OPERATION = "lookup";

/** The contact flow, built with connect-async's async macro; exported so tests can validate it. */
export function buildLookupFlow(arns: { readonly startFunctionArn: string; readonly pollFunctionArn: string; readonly longPollFunctionArn: string; readonly holdMusicPromptArn: string }): FlowJson {
  const goodbye = new DisconnectParticipant("Goodbye");
  const say = (name: string, text: string) => new MessageParticipant(name, { prompt: { text } }).onError(goodbye).next(goodbye);
  const lookUp = asyncInvoke(LOOKUP_OPERATION, {
    startFunctionArn: arns.startFunctionArn,
    pollFunctionArn: arns.pollFunctionArn,
    // Waiting callers draw on the long poll's own reserved share of your account's Lambda concurrency.
    longPollFunctionArn: arns.longPollFunctionArn,
    // Hold music plays until the answer cuts it (Inbound and Customer queue flows); "loop" works in every flow type.
    strategy: "event",
    holdPrompt: { promptId: arns.holdMusicPromptArn },
    // Sent to your Lambda as Details.Parameters.customerId, exactly as if Connect called it directly.
    input: { customerId: "$.Attributes.customerId" },
    maxWaitSeconds: 45,
    initialMessage: { text: "One moment while I look that up." },
    comfortMessage: { text: "Thanks for holding, nearly there." },
    // $.External.<key> reads your Lambda's answer, as after a direct call.
    onSuccess: say("Read the answer", "Thanks for waiting. $.External.message"),
    onFailure: say("Say sorry", "Sorry, I could not look that up right now."),
    onTimeout: say("Say too slow", "Sorry, this is taking too long. Please call again later."),
  });
  return new Flow({ name: "Lookup", startWith: lookUp }).toJson();
}

export class ContactCentreStack extends TerraformStack {
  readonly bridge: ConnectAsyncBridge;
  readonly contactFlow: ContactFlow;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // State next to the project (cdktf.out/stacks/<id>/ is three folders down); use an S3Backend for a team.
    new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });
    const region = new TerraformVariable(this, "aws_region", { type: "string", default: "us-east-1", description: "The AWS Region of the Connect instance." });
    new AwsProvider(this, "aws", { region: region.stringValue });

    const instanceId = new TerraformVariable(this, "connect_instance_id", { type: "string", description: "The id (UUID) of your Amazon Connect instance." });
    const lookupFunctionArn = new TerraformVariable(this, "lookup_function_arn", { type: "string", description: "The ARN of the slow Lambda the flow used to call directly." });
    const instance = new DataAwsConnectInstance(this, "connect_instance", { instanceId: instanceId.stringValue });
    // Hold music every Connect instance has; the plan names it if yours lacks it.
    const holdMusic = new DataAwsConnectPrompt(this, "hold_music", { instanceId: instanceId.stringValue, name: "CustomerQueue.wav" });

    this.bridge = new ConnectAsyncBridge(this, "bridge", {
      connectInstance: { instanceId: instanceId.stringValue, instanceArn: instance.arn },
      namePrefix: id,
      operations: [{ name: LOOKUP_OPERATION, target: lookupFunctionArn.stringValue, inputs: ["customerId"], timeoutSeconds: 60 }],
    });

    this.contactFlow = new ContactFlow(this, "lookup-flow", {
      instanceId: instanceId.stringValue,
      name: `${id}-lookup`,
      flow: buildLookupFlow({
        startFunctionArn: this.bridge.startFunction.arn,
        pollFunctionArn: this.bridge.pollFunction.arn,
        longPollFunctionArn: this.bridge.longPollFunction.arn,
        holdMusicPromptArn: holdMusic.arn,
      }),
      associatedFunctionArns: this.bridge.associatedFunctionArns,
      bridges: [this.bridge], // checks each start block against the operation (inputs, time limits)
      dependsOn: this.bridge.lambdaAssociations,
    });
    new TerraformOutput(this, "contact_flow_arn", { value: this.contactFlow.arn, description: "The lookup contact flow." });
  }
}
