/**
 * ContactFlow's synth-time cross-checks of each async macro use against the operation it starts
 * (issue 10 item 4): inputs, cacheKey inputs, the bridge it polls, and the caller's wait against the
 * work's timeout. Errors fail synth naming the block by its builder name; the cacheKey that leaves
 * declared inputs out is a warning.
 */
import { AnnotationMetadataEntryType, Testing, TerraformStack } from "cdktf";
import { asyncInvoke, asyncStart, asyncAwait } from "../../flows/async";
import { DisconnectParticipant } from "../../flows/blocks/disconnect-participant";
import { Flow } from "../../flows/flow";
import { ConnectAsyncBridge } from "../../infra/connect-async-bridge";
import { ContactFlow, ContactFlowError } from "../../infra/contact-flow";
import type { OperationProps } from "../../infra/operation";
import { writeFixtureBundles } from "./support/synthesized-stack";

const INSTANCE_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const connectInstance = { instanceId: INSTANCE_ID, instanceArn: `arn:aws:connect:us-east-1:123456789012:instance/${INSTANCE_ID}` };
const handlersDir = writeFixtureBundles();
const TARGET = "arn:aws:lambda:us-east-1:123456789012:function:backend";

interface Setup {
  /** The operation of the bridge the flow starts on. */
  readonly operation: Omit<OperationProps, "target">;
  /** Builds the flow from the bridge the flow starts on and a second bridge. */
  readonly flow: (bridges: { main: ConnectAsyncBridge; other: ConnectAsyncBridge }) => Flow;
}

/** Builds the stack; returns the ContactFlow, or throws what its constructor throws. */
function build(setup: Setup): ContactFlow {
  const stack = new TerraformStack(Testing.app(), "stack");
  const main = new ConnectAsyncBridge(stack, "main", { connectInstance, handlersDir, namePrefix: "main", operations: [{ ...setup.operation, target: TARGET }] });
  const other = new ConnectAsyncBridge(stack, "other", { connectInstance, handlersDir, namePrefix: "other", operations: [{ ...setup.operation, target: TARGET }] });
  return new ContactFlow(stack, "flow", {
    instanceId: INSTANCE_ID,
    name: "Lookup",
    flow: setup.flow({ main, other }).toJson(),
    associatedFunctionArns: [...main.associatedFunctionArns, ...other.associatedFunctionArns],
    bridges: [main, other],
  });
}

function errorOf(setup: Setup): string {
  try {
    build(setup);
  } catch (error) {
    if (error instanceof ContactFlowError) return error.message;
    throw error;
  }
  throw new Error("test setup: the flow was accepted");
}

function warningsOf(flow: ContactFlow): string[] {
  return flow.node.metadata.filter((entry) => entry.type === AnnotationMetadataEntryType.WARN).map((entry) => String(entry.data));
}

/** asyncInvoke of "lookup" with this input and wait, against `bridge`'s start and poll (poll from `pollBridge` if given). */
function lookupFlow(input: { [key: string]: string }, options: { maxWaitSeconds?: number; pollFrom?: "main" | "other" } = {}): Setup["flow"] {
  return (bridges) => {
    const bye = new DisconnectParticipant("Bye");
    const lookUp = asyncInvoke("lookup", {
      startFunctionArn: bridges.main.startFunction.arn,
      pollFunctionArn: bridges[options.pollFrom ?? "main"].pollFunction.arn,
      input,
      maxWaitSeconds: options.maxWaitSeconds ?? 30,
      onSuccess: bye,
      onFailure: bye,
      onTimeout: bye,
    });
    return new Flow({ name: "Lookup", startWith: lookUp });
  };
}

describe("ContactFlow checks each async macro use against its operation", () => {
  it("accepts a flow that passes the declared inputs, polls its own bridge and waits within the timeout", () => {
    const flow = build({ operation: { name: "lookup", inputs: ["phone"], timeoutSeconds: 60 }, flow: lookupFlow({ phone: "$.CustomerEndpoint.Address" }) });
    expect(warningsOf(flow)).toEqual([]);
  });

  it("refuses an input the operation does not declare, naming the block, the input and the declared ones", () => {
    const message = errorOf({ operation: { name: "lookup", inputs: ["phone"], timeoutSeconds: 60 }, flow: lookupFlow({ phoneNumber: "$.CustomerEndpoint.Address" }) });
    expect(message).toContain('[lookup: start] passes the input "phoneNumber", but operation "lookup" declares the inputs phone; rename it to one of them');
  });

  it("refuses a start that leaves out a cacheKey input", () => {
    const message = errorOf({
      operation: { name: "lookup", inputs: ["accountId", "region"], cacheKey: ["accountId"], cacheTtlSeconds: 300, timeoutSeconds: 60 },
      flow: lookupFlow({ region: "$.Attributes.region" }),
    });
    expect(message).toContain('[lookup: start] does not pass the input "accountId", which operation "lookup" caches on (cacheKey)');
  });

  it("refuses polls on another bridge than the one the request was started on, naming both", () => {
    const message = errorOf({ operation: { name: "lookup", timeoutSeconds: 60 }, flow: lookupFlow({}, { pollFrom: "other" }) });
    expect(message).toMatch(/\[lookup: [^\]]*poll[^\]]*\] polls the poll of bridge stack\/other, but the request was started on bridge stack\/main/);
  });

  it("refuses a wait longer than the operation's timeout", () => {
    const message = errorOf({ operation: { name: "lookup", timeoutSeconds: 30 }, flow: lookupFlow({}, { maxWaitSeconds: 90 }) });
    expect(message).toMatch(/\[lookup: start\] lets the caller wait up to \d+ s, but operation "lookup" gives up after timeoutSeconds 30 s/);
    expect(message).toContain("lower the macro's maxWaitSeconds to at most 30");
  });

  it("checks the split form (asyncStart … asyncAwait) the same way", () => {
    const message = errorOf({
      operation: { name: "lookup", timeoutSeconds: 60 },
      flow: ({ main, other }) => {
        const bye = new DisconnectParticipant("Bye");
        const call = asyncStart("lookup", { startFunctionArn: main.startFunction.arn });
        call.onError(bye).next(asyncAwait(call, { pollFunctionArn: other.pollFunction.arn, maxWaitSeconds: 30, onSuccess: bye, onFailure: bye, onTimeout: bye }));
        return new Flow({ name: "Lookup", startWith: call });
      },
    });
    expect(message).toMatch(/\[lookup: first poll\] polls the poll of bridge stack\/other/);
  });

  it("warns when the cacheKey leaves declared inputs out: callers differing only in them share one result", () => {
    const flow = build({
      operation: { name: "lookup", inputs: ["accountId", "pin"], cacheKey: ["accountId"], cacheTtlSeconds: 300, timeoutSeconds: 60 },
      flow: lookupFlow({ accountId: "$.Attributes.accountId", pin: "$.StoredCustomerInput" }),
    });
    expect(warningsOf(flow)).toEqual([expect.stringMatching(/^\[lookup: start\] operation "lookup" caches on accountId but also declares pin: callers who differ only in pin share one result/)]);
  });

  it("reports every problem at once", () => {
    const message = errorOf({ operation: { name: "lookup", inputs: ["phone"], timeoutSeconds: 30 }, flow: lookupFlow({ phoneNumber: "x" }, { maxWaitSeconds: 90, pollFrom: "other" }) });
    expect(message).toContain('passes the input "phoneNumber"');
    expect(message).toContain("polls the poll of bridge stack/other");
    expect(message).toContain("gives up after timeoutSeconds 30 s");
  });
});

describe("ContactFlow checks the event strategy's rounds against the long-poll function", () => {
  function longPollFlow(options: { longPollTimeoutSeconds?: number; longPollFrom?: "main" | "other" } = {}): ContactFlow {
    const stack = new TerraformStack(Testing.app(), "stack");
    const operations = [{ name: "lookup", target: TARGET, timeoutSeconds: 120 }];
    const main = new ConnectAsyncBridge(stack, "main", { connectInstance, handlersDir, namePrefix: "main", operations, ...(options.longPollTimeoutSeconds !== undefined ? { longPoll: { timeoutSeconds: options.longPollTimeoutSeconds } } : {}) });
    const other = new ConnectAsyncBridge(stack, "other", { connectInstance, handlersDir, namePrefix: "other", operations });
    const bye = new DisconnectParticipant("Bye");
    const lookUp = asyncInvoke("lookup", {
      strategy: "event",
      startFunctionArn: main.startFunction.arn,
      pollFunctionArn: main.pollFunction.arn,
      longPollFunctionArn: (options.longPollFrom === "other" ? other : main).longPollFunction.arn,
      maxWaitSeconds: 90,
      onSuccess: bye,
      onFailure: bye,
      onTimeout: bye,
    });
    const flow = new Flow({ name: "Lookup", startWith: lookUp }).toJson();
    return new ContactFlow(stack, "flow", { instanceId: INSTANCE_ID, name: "Lookup", flow, associatedFunctionArns: [...main.associatedFunctionArns, ...other.associatedFunctionArns], bridges: [main, other] });
  }

  it("accepts the bridge's own long-poll function, quietly with its default 60 s timeout", () => {
    expect(warningsOf(longPollFlow())).toEqual([]);
  });

  it("warns, naming longPoll.timeoutSeconds, when the long-poll function would end every round early", () => {
    expect(warningsOf(longPollFlow({ longPollTimeoutSeconds: 20 })).join("\n")).toMatch(/lookup: voice poll.*bridge stack\/main's long-poll function times out after 20 s.*raise longPoll\.timeoutSeconds to at least 31/s);
  });

  it("refuses another bridge's long-poll function: the request lives in the table of the bridge that started it", () => {
    expect(() => longPollFlow({ longPollFrom: "other" })).toThrow(/lookup: voice poll.*polls the poll of bridge stack\/other, but the request was started on bridge stack\/main/s);
  });
});

describe("ContactFlow checks the event strategy's rounds against the poll function", () => {
  function eventFlow(pollTimeoutSeconds: number | undefined): ContactFlow {
    const stack = new TerraformStack(Testing.app(), "stack");
    const bridge = new ConnectAsyncBridge(stack, "main", {
      connectInstance,
      handlersDir,
      namePrefix: "main",
      operations: [{ name: "lookup", target: TARGET, timeoutSeconds: 120 }],
      ...(pollTimeoutSeconds !== undefined ? { pollFunction: { timeoutSeconds: pollTimeoutSeconds } } : {}),
    });
    const bye = new DisconnectParticipant("Bye");
    const lookUp = asyncInvoke("lookup", { strategy: "event", startFunctionArn: bridge.startFunction.arn, pollFunctionArn: bridge.pollFunction.arn, maxWaitSeconds: 90, onSuccess: bye, onFailure: bye, onTimeout: bye });
    return new ContactFlow(stack, "flow", { instanceId: INSTANCE_ID, name: "Lookup", flow: new Flow({ name: "Lookup", startWith: lookUp }).toJson(), associatedFunctionArns: bridge.associatedFunctionArns, bridges: [bridge] });
  }

  it("with the default 60 s poll timeout, says only that the rounds should go to the long-poll function", () => {
    const warnings = warningsOf(eventFlow(undefined));
    expect(warnings.length).toBeGreaterThan(0);
    for (const warning of warnings) {
      expect(warning).toMatch(/^\[lookup: (voice|text) poll\] invokes bridge stack\/main's poll function asynchronously, .* pass the bridge's longPollFunction\.arn as the macro's longPollFunctionArn/);
    }
  });

  it("warns, naming the block and the timeout to set, when the poll function would end every long poll early", () => {
    const warnings = warningsOf(eventFlow(10));
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.join("\n")).toMatch(/lookup: voice poll.*long-polls for \d+ s, but bridge stack\/main's poll function times out after 10 s.*raise pollFunction\.timeoutSeconds to at least \d+/s);
  });
});
