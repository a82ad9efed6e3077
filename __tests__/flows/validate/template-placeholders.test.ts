import type { FlowIssue, FlowJson } from "../../../flows/flow-json";
import { findPlaceholders } from "../../../flows/template/placeholders";
import { validateFlow } from "../../../flows/validate";
import { asFlow, loadFixture } from "../../support/connect-flow-fixtures";

// Issue 17 D: flows kept as templates. A placeholder where an ARN, id or prompt goes is a warning that says
// to substitute it before import, never an error; a malformed literal stays an error.

/** A flow whose first block is `type` with `parameters`, then a Disconnect. */
function oneBlock(type: string, parameters: object): FlowJson {
  return {
    Version: "2019-10-30",
    StartAction: "block",
    Actions: [
      { Identifier: "block", Type: type, Parameters: parameters, Transitions: { NextAction: "bye", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
      { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
    ],
  } as unknown as FlowJson;
}

const placeholderIssues = (issues: ReadonlyArray<FlowIssue>): FlowIssue[] => issues.filter((issue) => issue.code === "TEMPLATE_PLACEHOLDER");
const errors = (issues: ReadonlyArray<FlowIssue>): FlowIssue[] => issues.filter((issue) => issue.severity === "error");

describe("placeholders of flows kept as templates", () => {
  it("reports %BeepPromptArn% in a PromptId as a placeholder warning, not PROMPT_ID_MALFORMED", () => {
    // GIVEN a Play prompt whose PromptId is a CDK-style placeholder
    const issues = validateFlow(oneBlock("MessageParticipant", { PromptId: "%BeepPromptArn%" }));
    // THEN it is one warning that names the placeholder and says to substitute it before import
    expect(errors(issues)).toEqual([]);
    expect(placeholderIssues(issues)).toEqual([expect.objectContaining({
      severity: "warning", blockId: "block", message: expect.stringMatching(/"%BeepPromptArn%".*Parameters\.PromptId.*[Ss]ubstitute it before import/),
    })]);
  });

  it.each([
    ["a ${name} Lambda ARN", "InvokeLambdaFunction", { LambdaFunctionARN: "${backend_arn}", InvocationTimeLimitSeconds: "8" }, "Parameters.LambdaFunctionARN"],
    ["a {{name}} queue", "UpdateContactTargetQueue", { QueueId: "{{ support_queue_arn }}" }, "Parameters.QueueId"],
    ["a %Name% flow ARN", "TransferToFlow", { ContactFlowId: "%SurveyFlowArn%" }, "Parameters.ContactFlowId"],
    ["a %Name% inside a queue ARN", "UpdateContactTargetQueue", { QueueId: "arn:aws:connect:eu-west-2:123456789012:instance/abc/queue/%QueueId%" }, "Parameters.QueueId"],
    ["a ${Name.Arn} Lex alias", "ConnectParticipantWithLexBot", { Text: "Hi", LexV2Bot: { AliasArn: "${LexAlias.Arn}" } }, "Parameters.LexV2Bot.AliasArn"],
    ["a %Name% bucket in an S3 prompt", "MessageParticipant", { Media: { Uri: "s3://%PromptBucket%/beep.wav", SourceType: "S3", MediaType: "Audio" } }, "Parameters.Media.Uri"],
    ["ENTER … text in a Lambda ARN", "InvokeLambdaFunction", { LambdaFunctionARN: "ENTER BACKEND LAMBDA", InvocationTimeLimitSeconds: "8" }, "Parameters.LambdaFunctionARN"],
    ["**ENTER … HERE** text in an agent id", "UpdateContactTargetQueue", { AgentId: "**ENTER YOUR AGENT ARN HERE**" }, "Parameters.AgentId"],
  ])("reports %s as one placeholder warning and no error", (_case, type, parameters, where) => {
    // GIVEN / WHEN the block is validated
    const issues = validateFlow(oneBlock(type, parameters));
    // THEN there is one placeholder warning at that field, and nothing else is an error
    expect(placeholderIssues(issues)).toEqual([expect.objectContaining({ severity: "warning", message: expect.stringContaining(` in ${where}`) })]);
    expect(errors(issues)).toEqual([]);
  });

  it("keeps malformed literals as errors", () => {
    // GIVEN prompts that are neither ARNs, ids nor placeholders
    for (const [parameters, code] of [
      [{ PromptId: "arn:aws:connect:bad" }, "PROMPT_ID_MALFORMED"],
      [{ PromptId: "beep.wav" }, "PROMPT_ID_MALFORMED"],
      [{ Media: { Uri: "ftp://%Host%/beep.wav", SourceType: "S3", MediaType: "Audio" } }, "MEDIA_URI_MALFORMED"],
    ] as const) {
      // WHEN validated, THEN each is still an error
      expect(errors(validateFlow(oneBlock("MessageParticipant", parameters))).map((issue) => issue.code)).toEqual([code]);
    }
  });

  it("does not take words meant for the caller, percentages or $. references for placeholders", () => {
    // GIVEN text prompts and an attribute holding such words, and a Lambda ARN built from $.AwsRegion
    const texts = validateFlow(oneBlock("MessageParticipant", { Text: "ENTER your PIN. 50% off until 100% done, {{not a field}}" }));
    const arn = validateFlow(oneBlock("InvokeLambdaFunction", { LambdaFunctionARN: "arn:aws:lambda:$.AwsRegion:123456789012:function:f", InvocationTimeLimitSeconds: "8" }));
    // THEN no placeholder is reported
    expect(placeholderIssues([...texts, ...arn])).toEqual([]);
  });

  it("leaves ${…} Terraform references alone when Terraform renders the content, and reports the rest", () => {
    // GIVEN a prompt looked up by a Terraform data source, and a templatefile variable
    const flow = oneBlock("MessageParticipant", { PromptId: "${data.aws_connect_prompt.hold_music.arn}" });
    const variable = oneBlock("MessageParticipant", { PromptId: "${hold_prompt_arn}" });
    // WHEN validated as the content of an aws_connect_contact_flow, and as a file to import
    // THEN the reference is a placeholder only in the file to import; the variable in both
    expect(placeholderIssues(validateFlow(flow, { terraformResolvesReferences: true }))).toEqual([]);
    expect(placeholderIssues(validateFlow(flow))).toHaveLength(1);
    expect(placeholderIssues(validateFlow(variable, { terraformResolvesReferences: true }))).toHaveLength(1);
  });

  it("never takes a CDKTF token (resolved at synth) for a placeholder", () => {
    expect(findPlaceholders("${TfToken[TOKEN.42]}")).toEqual([]);
  });

  it("reports the placeholders of the real exports of AWS's samples, which are warnings only", () => {
    // GIVEN two real exports: one with "ENTER … LAMBDA" ARNs, one a CloudFormation template with ${…} ARNs
    const backend = validateFlow(asFlow(loadFixture("sbs_examples_BackendIntegration_SBSGuides_Example_Backend_Guide.json")));
    const surveys = validateFlow(asFlow(loadFixture("surveys_deployment_contact-surveys-amazon-connect.json")));
    // THEN each placeholder ARN is one warning, and neither flow has an error
    expect(placeholderIssues(backend).map((issue) => issue.message.match(/"(ENTER[^"]*)"/)?.[1]).sort())
      .toEqual(["ENTER BACKEND INTEGRATION SES LAMBDA", "ENTER BACKEND INTEGRATION SMS LAMBDA"]);
    expect(placeholderIssues(surveys).length).toBeGreaterThanOrEqual(6);
    expect(placeholderIssues(surveys).every((issue) => /"\$\{[A-Za-z]+\.Arn\}"/.test(issue.message))).toBe(true);
    expect(errors([...backend, ...surveys])).toEqual([]);
  });
});

describe("findPlaceholders", () => {
  it("finds each syntax with its name, in order", () => {
    expect(findPlaceholders("arn:aws:lambda:%Region%:${account}:function:{{ name }}")).toEqual([
      { syntax: "%Name%", name: "Region", text: "%Region%" },
      { syntax: "${name}", name: "account", text: "${account}" },
      { syntax: "{{name}}", name: "name", text: "{{ name }}" },
    ]);
  });

  it("skips Terraform's escape $${…}", () => {
    expect(findPlaceholders("$${literal}")).toEqual([]);
  });
});
