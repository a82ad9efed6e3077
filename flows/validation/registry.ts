import { voiceOnlyPromptRule, voiceWaitRule } from "./channel-rules";
import { branchSetRule, conditionShapeRule } from "./condition-rules";
import { continueBranchRule } from "./continue-branch-rule";
import { documentRule } from "./document-rules";
import { flowTypeRule } from "./flow-type-rule";
import { externalReadRule, invocationIdRule } from "./external-dataflow-rules";
import { identifierRule } from "./identifier-rules";
import { inputRule } from "./input-rules";
import { lambdaBudgetRule } from "./lambda-budget-rule";
import { lambdaParameterRule } from "./lambda-rules";
import { placeholderRule } from "./placeholder-rule";
import { promptContentRule } from "./prompt-content-rules";
import { promptRule } from "./prompt-rules";
import { rangeRule } from "./range-rules";
import { reachabilityRule } from "./reachability-rule";
import { referencePlacementRule, referenceSyntaxRule } from "./reference-rules";
import type { FlowRule } from "./rule";
import { transitionRule } from "./transition-rules";

/** Every rule the validator runs, in reporting order: structure first, then parameters, then dataflow. */
export const FLOW_RULES: ReadonlyArray<FlowRule> = [
  documentRule,
  identifierRule,
  transitionRule,
  conditionShapeRule,
  branchSetRule,
  lambdaParameterRule,
  placeholderRule,
  rangeRule,
  promptRule,
  promptContentRule,
  inputRule,
  referenceSyntaxRule,
  referencePlacementRule,
  reachabilityRule,
  flowTypeRule,
  continueBranchRule,
  voiceWaitRule,
  voiceOnlyPromptRule,
  externalReadRule,
  invocationIdRule,
  lambdaBudgetRule,
];
