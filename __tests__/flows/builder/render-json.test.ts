import { Chain } from "../../../flows/chain";
import { Condition } from "../../../flows/condition";
import { CheckHoursOfOperation } from "../../../flows/blocks/check-hours-of-operation";
import { Compare } from "../../../flows/blocks/compare";
import { CustomAction } from "../../../flows/blocks/custom-action";
import { DisconnectParticipant } from "../../../flows/blocks/disconnect-participant";
import { EndFlowExecution } from "../../../flows/blocks/end-flow-execution";
import { GetParticipantInput } from "../../../flows/blocks/get-participant-input";
import { InvokeLambdaFunction } from "../../../flows/blocks/invoke-lambda-function";
import { Loop } from "../../../flows/blocks/loop";
import { MessageParticipant } from "../../../flows/blocks/message-participant";
import { MessageParticipantIteratively } from "../../../flows/blocks/message-participant-iteratively";
import { TransferContactToQueue } from "../../../flows/blocks/transfer-contact-to-queue";
import { TransferToFlow } from "../../../flows/blocks/transfer-to-flow";
import { UpdateContactAttributes } from "../../../flows/blocks/update-contact-attributes";
import { UpdateContactTargetQueue } from "../../../flows/blocks/update-contact-target-queue";
import { UpdateContactTextToSpeechVoice } from "../../../flows/blocks/update-contact-text-to-speech-voice";
import { UpdateFlowAttributes } from "../../../flows/blocks/update-flow-attributes";
import { UpdateFlowLoggingBehavior } from "../../../flows/blocks/update-flow-logging-behavior";
import { Wait } from "../../../flows/blocks/wait";
import { id, render } from "./render";

const LOOKUP_ARN = "arn:aws:lambda:us-east-1:111111111111:function:lookup";
const QUEUE_ARN = "arn:aws:connect:us-east-1:111111111111:instance/i-1/queue/q-1";
const HOURS_ARN = "arn:aws:connect:us-east-1:111111111111:instance/i-1/operating-hours/h-1";
const PROMPT_ARN = "arn:aws:connect:us-east-1:111111111111:instance/i-1/prompt/p-1";

function lookupFlow(greetingName = "Greeting") {
  const logging = new UpdateFlowLoggingBehavior("Enable logs");
  const greeting = new MessageParticipant(greetingName, { prompt: { text: "Hello" } });
  const lookup = new InvokeLambdaFunction("Look up", {
    functionArn: LOOKUP_ARN,
    invocationTimeLimitSeconds: 5,
    invocationAttributes: { accountId: "$.Attributes.accountId" },
    responseType: "STRING_MAP",
  });
  const check = new Compare("Check balance", { comparisonValue: "$.External.balance" });
  const rich = new MessageParticipant("Rich", { prompt: { ssml: "<speak>You are rich</speak>" } });
  const poor = new MessageParticipant("Poor", { prompt: { text: "Your balance is $.External.balance" } });
  const hangUp = new DisconnectParticipant("Hang up");
  lookup.onError(poor);
  const start = Chain.start(logging)
    .next(greeting)
    .next(lookup)
    .next(check.when(Condition.numberGreaterThan(1000), rich).otherwise(poor).afterwards())
    .next(hangUp);
  return { start, hangUp };
}

describe("rendering flows to flow-language JSON", () => {
  test("a linear flow with a Lambda call and a Compare renders to the console's JSON, breadth-first from the start", () => {
    // GIVEN logging → greeting → Lambda → Compare (rich | poor) → hang up, errors to hang up by default
    const { start, hangUp } = lookupFlow();

    // WHEN
    const json = render(start, { defaultErrorTarget: hangUp });

    // THEN
    expect(json).toStrictEqual({
      Version: "2019-10-30",
      StartAction: id("Enable logs"),
      Metadata: expect.any(Object),
      Actions: [
        {
          Identifier: id("Enable logs"),
          Type: "UpdateFlowLoggingBehavior",
          Parameters: { FlowLoggingBehavior: "Enabled" },
          Transitions: { NextAction: id("Greeting") },
        },
        {
          Identifier: id("Greeting"),
          Type: "MessageParticipant",
          Parameters: { Text: "Hello" },
          Transitions: { NextAction: id("Look up"), Errors: [{ NextAction: id("Hang up"), ErrorType: "NoMatchingError" }] },
        },
        {
          Identifier: id("Look up"),
          Type: "InvokeLambdaFunction",
          Parameters: {
            LambdaFunctionARN: LOOKUP_ARN,
            InvocationTimeLimitSeconds: "5",
            LambdaInvocationAttributes: { accountId: "$.Attributes.accountId" },
            ResponseValidation: { ResponseType: "STRING_MAP" },
          },
          Transitions: { NextAction: id("Check balance"), Errors: [{ NextAction: id("Poor"), ErrorType: "NoMatchingError" }] },
        },
        { Identifier: id("Hang up"), Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
        {
          Identifier: id("Check balance"),
          Type: "Compare",
          Parameters: { ComparisonValue: "$.External.balance" },
          Transitions: {
            NextAction: id("Poor"),
            Errors: [{ NextAction: id("Poor"), ErrorType: "NoMatchingCondition" }],
            Conditions: [{ NextAction: id("Rich"), Condition: { Operator: "NumberGreaterThan", Operands: ["1000"] } }],
          },
        },
        {
          Identifier: id("Poor"),
          Type: "MessageParticipant",
          Parameters: { Text: "Your balance is $.External.balance" },
          Transitions: { NextAction: id("Hang up"), Errors: [{ NextAction: id("Hang up"), ErrorType: "NoMatchingError" }] },
        },
        {
          Identifier: id("Rich"),
          Type: "MessageParticipant",
          Parameters: { SSML: "<speak>You are rich</speak>" },
          Transitions: { NextAction: id("Hang up"), Errors: [{ NextAction: id("Hang up"), ErrorType: "NoMatchingError" }] },
        },
      ],
    });
  });

  test("hours, working queue, transfer with a retry Loop render with fixed conditions and the error target as NextAction", () => {
    // GIVEN
    const hours = new CheckHoursOfOperation("Open?", { hoursOfOperationId: HOURS_ARN });
    const setQueue = new UpdateContactTargetQueue("Set queue", { queueId: QUEUE_ARN });
    const transfer = new TransferContactToQueue("Transfer");
    const closed = new MessageParticipant("Closed", { prompt: { promptId: PROMPT_ARN } });
    const retry = new Loop("Retry", { loopCount: 2 });
    const hangUp = new DisconnectParticipant("Hang up");
    hours.whenOpen(setQueue).whenClosed(closed).onError(hangUp);
    setQueue.onError(hangUp).next(transfer);
    transfer.onQueueAtCapacity(retry).onError(hangUp);
    retry.eachTurn(transfer).whenDone(closed);
    closed.onError(hangUp).next(hangUp);

    // WHEN
    const json = render(hours);

    // THEN
    expect(json).toStrictEqual({
      Version: "2019-10-30",
      StartAction: id("Open?"),
      Metadata: expect.any(Object),
      Actions: [
        {
          Identifier: id("Open?"),
          Type: "CheckHoursOfOperation",
          Parameters: { HoursOfOperationId: HOURS_ARN },
          Transitions: {
            NextAction: id("Hang up"),
            Errors: [{ NextAction: id("Hang up"), ErrorType: "NoMatchingError" }],
            Conditions: [
              { NextAction: id("Set queue"), Condition: { Operator: "Equals", Operands: ["True"] } },
              { NextAction: id("Closed"), Condition: { Operator: "Equals", Operands: ["False"] } },
            ],
          },
        },
        { Identifier: id("Hang up"), Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
        {
          Identifier: id("Set queue"),
          Type: "UpdateContactTargetQueue",
          Parameters: { QueueId: QUEUE_ARN },
          Transitions: { NextAction: id("Transfer"), Errors: [{ NextAction: id("Hang up"), ErrorType: "NoMatchingError" }] },
        },
        {
          Identifier: id("Closed"),
          Type: "MessageParticipant",
          Parameters: { PromptId: PROMPT_ARN },
          Transitions: { NextAction: id("Hang up"), Errors: [{ NextAction: id("Hang up"), ErrorType: "NoMatchingError" }] },
        },
        {
          Identifier: id("Transfer"),
          Type: "TransferContactToQueue",
          Parameters: {},
          Transitions: {
            NextAction: id("Hang up"),
            Errors: [
              { NextAction: id("Retry"), ErrorType: "QueueAtCapacity" },
              { NextAction: id("Hang up"), ErrorType: "NoMatchingError" },
            ],
          },
        },
        {
          Identifier: id("Retry"),
          Type: "Loop",
          Parameters: { LoopCount: "2" },
          Transitions: {
            NextAction: id("Closed"),
            Conditions: [
              { NextAction: id("Transfer"), Condition: { Operator: "Equals", Operands: ["ContinueLooping"] } },
              { NextAction: id("Closed"), Condition: { Operator: "Equals", Operands: ["DoneLooping"] } },
            ],
          },
        },
      ],
    });
  });

  test("attributes, voice, a DTMF menu, a flow transfer and a custom action render with strings for numbers and booleans", () => {
    // GIVEN
    const voice = new UpdateContactTextToSpeechVoice("Voice", { voice: "Joanna", engine: "Neural", style: "Conversational" });
    const remember = new UpdateContactAttributes("Remember", { attributes: { language: "en" }, targetContact: "Current" });
    const step = new UpdateFlowAttributes("Step", { attributes: { step: "menu" } });
    const menu = new GetParticipantInput("Menu", { prompt: { s3Uri: "https://bucket.s3.amazonaws.com/menu.wav" }, inputTimeLimitSeconds: 8 });
    const toSales = new TransferToFlow("To sales", { contactFlowId: "$.FlowAttributes.salesFlow" });
    const tag = new CustomAction("Tag", { type: "TagContact", parameters: { Tags: { menu: "2" } } });
    const end = new EndFlowExecution("End");
    voice.onError(end);
    remember.onError(end);
    step.onError(end);
    Chain.start(voice).next(remember).next(step).next(menu);
    menu.when("1", toSales).when("2", tag).otherwise(end).onTimeout(end).onError(end);
    toSales.onError(end);
    tag.onError(end).next(end);

    // WHEN
    const json = render(voice);

    // THEN
    expect(json).toStrictEqual({
      Version: "2019-10-30",
      StartAction: id("Voice"),
      Metadata: expect.any(Object),
      Actions: [
        {
          Identifier: id("Voice"),
          Type: "UpdateContactTextToSpeechVoice",
          Parameters: { TextToSpeechVoice: "Joanna", TextToSpeechEngine: "Neural", TextToSpeechStyle: "Conversational" },
          Transitions: { NextAction: id("Remember"), Errors: [{ NextAction: id("End"), ErrorType: "NoMatchingError" }] },
        },
        {
          Identifier: id("Remember"),
          Type: "UpdateContactAttributes",
          Parameters: { Attributes: { language: "en" }, TargetContact: "Current" },
          Transitions: { NextAction: id("Step"), Errors: [{ NextAction: id("End"), ErrorType: "NoMatchingError" }] },
        },
        { Identifier: id("End"), Type: "EndFlowExecution", Parameters: {}, Transitions: {} },
        {
          Identifier: id("Step"),
          Type: "UpdateFlowAttributes",
          Parameters: { FlowAttributes: { step: { Value: "menu" } } },
          Transitions: { NextAction: id("Menu"), Errors: [{ NextAction: id("End"), ErrorType: "NoMatchingError" }] },
        },
        {
          Identifier: id("Menu"),
          Type: "GetParticipantInput",
          Parameters: {
            Media: { Uri: "https://bucket.s3.amazonaws.com/menu.wav", SourceType: "S3", MediaType: "Audio" },
            InputTimeLimitSeconds: "8",
            StoreInput: "False",
          },
          Transitions: {
            NextAction: id("End"),
            Errors: [
              { NextAction: id("End"), ErrorType: "InputTimeLimitExceeded" },
              { NextAction: id("End"), ErrorType: "NoMatchingCondition" },
              { NextAction: id("End"), ErrorType: "NoMatchingError" },
            ],
            Conditions: [
              { NextAction: id("To sales"), Condition: { Operator: "Equals", Operands: ["1"] } },
              { NextAction: id("Tag"), Condition: { Operator: "Equals", Operands: ["2"] } },
            ],
          },
        },
        {
          Identifier: id("To sales"),
          Type: "TransferToFlow",
          Parameters: { ContactFlowId: "$.FlowAttributes.salesFlow" },
          Transitions: { NextAction: id("End"), Errors: [{ NextAction: id("End"), ErrorType: "NoMatchingError" }] },
        },
        {
          Identifier: id("Tag"),
          Type: "TagContact",
          Parameters: { Tags: { menu: "2" } },
          Transitions: { NextAction: id("End"), Errors: [{ NextAction: id("End"), ErrorType: "NoMatchingError" }] },
        },
      ],
    });
  });

  test("a Wait and interruptible loop prompts render with their fixed results and leave an unwired optional error out", () => {
    // GIVEN
    const pause = new Wait("Pause", { timeLimitSeconds: 5 });
    const music = new MessageParticipantIteratively("Queue music", {
      messages: [{ text: "Please hold" }, { promptId: PROMPT_ARN }],
      interruptFrequencySeconds: 30,
    });
    const hangUp = new DisconnectParticipant("Hang up");
    pause.whenCompleted(music).onError(hangUp);
    music.whenInterrupted(hangUp);

    // WHEN
    const json = render(pause);

    // THEN
    expect(json.Actions).toStrictEqual([
      {
        Identifier: id("Pause"),
        Type: "Wait",
        Parameters: { TimeLimitSeconds: "5" },
        Transitions: {
          NextAction: id("Hang up"),
          Errors: [{ NextAction: id("Hang up"), ErrorType: "NoMatchingError" }],
          Conditions: [{ NextAction: id("Queue music"), Condition: { Operator: "Equals", Operands: ["WaitCompleted"] } }],
        },
      },
      { Identifier: id("Hang up"), Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
      {
        Identifier: id("Queue music"),
        Type: "MessageParticipantIteratively",
        Parameters: { Messages: [{ Text: "Please hold" }, { PromptId: PROMPT_ARN }], InterruptFrequencySeconds: "30" },
        Transitions: { Conditions: [{ NextAction: id("Hang up"), Condition: { Operator: "Equals", Operands: ["MessagesInterrupted"] } }] },
      },
    ]);
  });

  test("Actions follow a breadth-first walk that takes NextAction, then conditions, then errors", () => {
    // GIVEN a menu whose branches all lead to different blocks
    const end = (name: string): EndFlowExecution => new EndFlowExecution(name);
    const menu = new GetParticipantInput("Menu", { prompt: { text: "Press 1" } })
      .when("1", end("One"))
      .otherwise(end("Otherwise"))
      .onTimeout(end("Too slow"))
      .onError(end("Broken"));

    // WHEN
    const json = render(menu);

    // THEN
    expect(json.Actions.map((action) => action.Identifier)).toStrictEqual([id("Menu"), id("Otherwise"), id("One"), id("Too slow"), id("Broken")]);
  });

  test("the designer metadata has a position for every action, keyed by Identifier in Actions order, and names the Lambda", () => {
    // GIVEN
    const { start, hangUp } = lookupFlow();

    // WHEN
    const json = render(start, { defaultErrorTarget: hangUp, description: "a test flow" });

    // THEN
    const metadata = json.Metadata!;
    expect(Object.keys(metadata.ActionMetadata!)).toStrictEqual(json.Actions.map((action) => action.Identifier));
    for (const entry of Object.values(metadata.ActionMetadata!)) {
      expect(entry.position).toStrictEqual({ x: expect.any(Number), y: expect.any(Number) });
    }
    expect(metadata.entryPointPosition).toStrictEqual({ x: expect.any(Number), y: expect.any(Number) });
    expect(metadata.ActionMetadata![id("Look up")]).toMatchObject({ parameters: { LambdaFunctionARN: { displayName: "lookup" } } });
    expect(metadata).toMatchObject({ name: "Demo", description: "a test flow" });
  });

  test("an optional prop left out is absent from the JSON, never an empty string", () => {
    // GIVEN a Lambda call without attributes or response type, and a Check hours without hours
    const hangUp = new DisconnectParticipant("Hang up");
    const hours = new CheckHoursOfOperation("Open?").whenOpen(hangUp).whenClosed(hangUp).onError(hangUp);
    const call = new InvokeLambdaFunction("Call", { functionArn: LOOKUP_ARN });
    call.onError(hangUp).next(hours);

    // WHEN
    const actions = render(call).Actions;

    // THEN
    const callJson = actions.find((action) => action.Type === "InvokeLambdaFunction");
    const hoursJson = actions.find((action) => action.Type === "CheckHoursOfOperation");
    expect(callJson!.Parameters).toStrictEqual({ LambdaFunctionARN: LOOKUP_ARN, InvocationTimeLimitSeconds: "8" });
    expect(hoursJson!.Parameters).toStrictEqual({});
  });
});
