import "cdktf/lib/testing/adapters/jest";
import { ConnectContactFlow } from "@cdktf/provider-aws/lib/connect-contact-flow";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { Testing } from "cdktf";
import { validateFlow } from "connect-async";
import { buildLookupFlow, ContactCentreStack, LOOKUP_OPERATION } from "../contact-centre-stack";

describe("ContactCentreStack", () => {
  let synthesized: string;
  beforeAll(() => {
    synthesized = Testing.synth(new ContactCentreStack(Testing.app(), "test"));
  });

  it("keeps request status in a DynamoDB table that expires items", () => {
    expect(synthesized).toHaveResourceWithProperties(DynamodbTable, { ttl: { enabled: true, attribute_name: "expiresAt" } });
  });

  it("runs the lookup operation in a state machine", () => {
    expect(synthesized).toHaveResourceWithProperties(SfnStateMachine, { name: `test-${LOOKUP_OPERATION}` });
  });

  it("deploys the contact flow", () => {
    expect(synthesized).toHaveResourceWithProperties(ConnectContactFlow, { name: "test-lookup", type: "CONTACT_FLOW" });
  });
});

describe("the lookup flow", () => {
  it("passes connect-async's validator without errors", () => {
    const flow = buildLookupFlow({
      startFunctionArn: "arn:aws:lambda:us-east-1:111111111111:function:start",
      pollFunctionArn: "arn:aws:lambda:us-east-1:111111111111:function:poll",
      longPollFunctionArn: "arn:aws:lambda:us-east-1:111111111111:function:long-poll",
      holdMusicPromptArn: "arn:aws:connect:us-east-1:111111111111:instance/11111111-2222-3333-4444-555555555555/prompt/66666666-7777-8888-9999-000000000000",
    });
    expect(validateFlow(flow).filter((issue) => issue.severity === "error")).toEqual([]);
  });
});
