/**
 * Wrapping an existing Lambda with connect-async, as shown in the README. Type-checked with the
 * project (`npm run typecheck`) and synthesized by a test, so the README's example cannot rot.
 *
 * Run it: `npx tsx examples/wrap-your-lambda.ts` writes `cdktf.out/stacks/billing`.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, LocalBackend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { asyncInvoke } from "../flows/async";
import { DisconnectParticipant } from "../flows/blocks/disconnect-participant";
import { MessageParticipant } from "../flows/blocks/message-participant";
import { Flow } from "../flows/flow";
import { ConnectAsyncBridge } from "../infra/connect-async-bridge";
import { ContactFlow } from "../infra/contact-flow";

export class BillingStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "eu-west-2" });
    new LocalBackend(this, { path: "../../../terraform.billing.tfstate" });

    const connectInstance = {
      instanceId: "11111111-2222-3333-4444-555555555555",
      instanceArn: "arn:aws:connect:eu-west-2:123456789012:instance/11111111-2222-3333-4444-555555555555",
    };

    // Your slow Lambda, unchanged: it receives the same Connect event and returns what it always did.
    const bridge = new ConnectAsyncBridge(this, "billing", {
      connectInstance,
      namePrefix: "billing",
      operations: [
        {
          name: "balance",
          target: "arn:aws:lambda:eu-west-2:123456789012:function:legacy-balance-lookup",
          inputs: ["accountId"],
          cacheKey: ["accountId"], // callers asking for the same account share one execution…
          cacheTtlSeconds: 300, // …and its result, until 5 minutes past the work's deadline
          timeoutSeconds: 90,
        },
      ],
    });

    const goodbye = new DisconnectParticipant("Goodbye");
    const say = (name: string, text: string) => new MessageParticipant(name, { prompt: { text } }).onError(goodbye).next(goodbye);

    const lookUp = asyncInvoke("balance", {
      startFunctionArn: bridge.startFunction.arn,
      pollFunctionArn: bridge.pollFunction.arn,
      input: { accountId: "$.Attributes.accountId" },
      maxWaitSeconds: 60,
      initialMessage: { text: "One moment while I find your balance." },
      comfortMessage: { text: "Thanks for holding, nearly there." },
      onSuccess: say("Read balance", "Your balance is $.External.balance."),
      onFailure: say("Sorry", "Sorry, I could not find your balance."),
      onTimeout: say("Too slow", "Sorry, this is taking too long."),
    });

    new ContactFlow(this, "flow", {
      instanceId: connectInstance.instanceId,
      name: "Billing balance",
      flow: new Flow({ name: "Billing balance", startWith: lookUp }).toJson(),
      associatedFunctionArns: bridge.associatedFunctionArns,
      bridges: [bridge], // checks each start block against the bridge's operations
    });
  }
}

if (require.main === module) {
  const app = new App();
  new BillingStack(app, "billing");
  app.synth();
}
