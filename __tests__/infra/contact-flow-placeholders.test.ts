/**
 * ContactFlow and flows kept as templates (issue 17 D): the content goes through Terraform, which fills
 * in its own `${…}` references (a prompt looked up with the aws_connect_prompt data source), so those are
 * not placeholders; a CDK-style `%Name%` that nothing fills in is a synth warning.
 */
import { DataAwsConnectPrompt } from "@cdktf/provider-aws/lib/data-aws-connect-prompt";
import { AnnotationMetadataEntryType, Testing, TerraformStack } from "cdktf";
import { DisconnectParticipant } from "../../flows/blocks/disconnect-participant";
import { MessageParticipant } from "../../flows/blocks/message-participant";
import { Flow } from "../../flows/flow";
import { ContactFlow } from "../../infra/contact-flow";

const INSTANCE_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

function flowPlaying(promptId: (stack: TerraformStack) => string): ContactFlow {
  const stack = new TerraformStack(Testing.app(), "stack");
  const bye = new DisconnectParticipant("Bye");
  const music = new MessageParticipant("Music", { prompt: { promptId: promptId(stack) } }).onError(bye).next(bye);
  // A module: no flow type, so no channel checks; only what this test is about can warn.
  return new ContactFlow(stack, "flow", { instanceId: INSTANCE_ID, name: "Music", module: true, flow: new Flow({ name: "Music", startWith: music }).toJson(), associatedFunctionArns: [] });
}

function warningsOf(flow: ContactFlow): string[] {
  return flow.node.metadata.filter((entry) => entry.type === AnnotationMetadataEntryType.WARN).map((entry) => String(entry.data));
}

describe("ContactFlow and placeholders", () => {
  it("does not take a prompt Terraform looks up for a placeholder", () => {
    // GIVEN a Play prompt of the instance's music, looked up by name by a data source
    const flow = flowPlaying((stack) => new DataAwsConnectPrompt(stack, "music", { instanceId: INSTANCE_ID, name: "CustomerQueue.wav" }).arn);
    // THEN synth has no warning
    expect(warningsOf(flow)).toEqual([]);
  });

  it("warns about a %Name% placeholder nothing fills in, naming the block", () => {
    const flow = flowPlaying(() => "%BeepPromptArn%");
    expect(warningsOf(flow)).toEqual([expect.stringMatching(/^\[Music\] .*"%BeepPromptArn%".*Parameters\.PromptId.*before importing/)]);
  });
});
