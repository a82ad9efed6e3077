/**
 * The eight documented condition operators of the flow language, evaluated the way Connect does:
 * string operators compare exactly (case-sensitive), number operators are false when either side is
 * not a number. Operands may be `$.` references (dynamic conditions).
 */
import type { FlowCondition, FlowConditionTransition } from "../../flows/flow-json";
import { ConditionOperator } from "../../flows/flow-language";
import { isReference, resolveReference, valueToText, type FlowData } from "./flow-references";

export { ConditionOperator };

/** A condition the simulator cannot evaluate (unknown operator, nested condition, missing operand). */
export class UnsupportedConditionError extends Error {
  constructor(
    readonly blockId: string,
    message: string,
  ) {
    super(`${message} at ${blockId}`);
    this.name = "UnsupportedConditionError";
  }
}

function toNumber(text: string): number | undefined {
  if (text.trim() === "") return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function compareNumbers(result: string, operand: string, test: (a: number, b: number) => boolean): boolean {
  const a = toNumber(result);
  const b = toNumber(operand);
  return a !== undefined && b !== undefined && test(a, b);
}

/** Whether `condition` holds for the action's `result`. */
export function evaluateCondition(blockId: string, condition: FlowCondition, result: string, data: FlowData): boolean {
  if (condition.Operands.length !== 1) {
    throw new UnsupportedConditionError(blockId, `condition ${condition.Operator} with ${condition.Operands.length} operands`);
  }
  const rawOperand = condition.Operands[0];
  if (typeof rawOperand !== "string") {
    throw new UnsupportedConditionError(blockId, `nested condition under ${condition.Operator}`);
  }
  const operand = isReference(rawOperand) ? valueToText(resolveReference(rawOperand, data)) : rawOperand;
  switch (condition.Operator) {
    case ConditionOperator.Equals:
      return result === operand;
    case ConditionOperator.TextStartsWith:
      return result.startsWith(operand);
    case ConditionOperator.TextEndsWith:
      return result.endsWith(operand);
    case ConditionOperator.TextContains:
      return result.includes(operand);
    case ConditionOperator.NumberGreaterThan:
      return compareNumbers(result, operand, (a, b) => a > b);
    case ConditionOperator.NumberGreaterOrEqualTo:
      return compareNumbers(result, operand, (a, b) => a >= b);
    case ConditionOperator.NumberLessThan:
      return compareNumbers(result, operand, (a, b) => a < b);
    case ConditionOperator.NumberLessOrEqualTo:
      return compareNumbers(result, operand, (a, b) => a <= b);
    default:
      throw new UnsupportedConditionError(blockId, `unknown condition operator ${JSON.stringify(condition.Operator)}`);
  }
}

/** The first condition transition that holds, in order, or undefined. */
export function firstMatchingCondition(
  blockId: string,
  conditions: ReadonlyArray<FlowConditionTransition>,
  result: string,
  data: FlowData,
): FlowConditionTransition | undefined {
  return conditions.find((transition) => evaluateCondition(blockId, transition.Condition, result, data));
}
