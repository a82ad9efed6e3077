import type { FlowCondition } from "./flow-json";
import { ConditionOperator } from "./private/condition-operator";

/** A `$.` reference into the flow data object, e.g. `$.Attributes.accountId` (reference §3). */
export type JsonPath = `$.${string}` | `$[${string}`;

/** True when `value` is exactly one `$.` reference and nothing else (the "S|1P" kind of reference §1.4). */
export function isSingleJsonPath(value: string): value is JsonPath {
  return /^\$(\.|\[)\S*$/.test(value);
}

/**
 * A condition a Compare block tests its value against. Conditions come only from the static factories;
 * each checks its operand at once and quotes a bad one. Operands may themselves be a `$.` reference
 * (reference §2.5, "dynamic conditions").
 */
export abstract class Condition {
  /** The value equals `value` exactly (case-sensitive string equality). */
  public static equals(value: string): Condition {
    return new OperatorCondition(ConditionOperator.Equals, [textOperand("equals", value, true)]);
  }

  /** The value starts with `prefix`. */
  public static textStartsWith(prefix: string): Condition {
    return new OperatorCondition(ConditionOperator.TextStartsWith, [textOperand("textStartsWith", prefix, false)]);
  }

  /** The value ends with `suffix`. */
  public static textEndsWith(suffix: string): Condition {
    return new OperatorCondition(ConditionOperator.TextEndsWith, [textOperand("textEndsWith", suffix, false)]);
  }

  /** The value contains `part`. */
  public static textContains(part: string): Condition {
    return new OperatorCondition(ConditionOperator.TextContains, [textOperand("textContains", part, false)]);
  }

  /** The value is a number greater than `limit`; false when either side is not numeric. */
  public static numberGreaterThan(limit: number | JsonPath): Condition {
    return new OperatorCondition(ConditionOperator.NumberGreaterThan, [numberOperand("numberGreaterThan", limit)]);
  }

  /** The value is a number greater than or equal to `limit`. */
  public static numberGreaterOrEqualTo(limit: number | JsonPath): Condition {
    return new OperatorCondition(ConditionOperator.NumberGreaterOrEqualTo, [numberOperand("numberGreaterOrEqualTo", limit)]);
  }

  /** The value is a number less than `limit`. */
  public static numberLessThan(limit: number | JsonPath): Condition {
    return new OperatorCondition(ConditionOperator.NumberLessThan, [numberOperand("numberLessThan", limit)]);
  }

  /** The value is a number less than or equal to `limit`. */
  public static numberLessOrEqualTo(limit: number | JsonPath): Condition {
    return new OperatorCondition(ConditionOperator.NumberLessOrEqualTo, [numberOperand("numberLessOrEqualTo", limit)]);
  }

  /** The `Condition` object of a `Transitions.Conditions` entry. */
  public abstract renderCondition(): FlowCondition;

  /** A short readable form for messages, e.g. `Equals "SUCCEEDED"`. */
  public abstract toString(): string;
}

class OperatorCondition extends Condition {
  constructor(
    private readonly operator: ConditionOperator,
    private readonly operands: ReadonlyArray<string>,
  ) {
    super();
  }

  public renderCondition(): FlowCondition {
    return { Operator: this.operator, Operands: [...this.operands] };
  }

  public toString(): string {
    return `${this.operator} ${this.operands.map((operand) => JSON.stringify(operand)).join(", ")}`;
  }
}

function textOperand(factory: string, value: string, allowEmpty: boolean): string {
  if (typeof value !== "string") throw new Error(`Condition.${factory}: the operand must be a string (got ${String(value)})`);
  if (!allowEmpty && value.length === 0) throw new Error(`Condition.${factory}: the operand must not be empty`);
  return value;
}

function numberOperand(factory: string, value: number | JsonPath): string {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`Condition.${factory}: the operand must be a finite number (got ${value})`);
    return String(value);
  }
  if (typeof value === "string" && isSingleJsonPath(value)) return value;
  throw new Error(`Condition.${factory}: the operand must be a number or a single $. reference (got ${JSON.stringify(value)})`);
}
