/**
 * DynamoDB's condition and update expressions, as far as the status table uses them (the request store's
 * conditional put and updates, the state machine's completion writes): `OR`, `AND`, parentheses,
 * `attribute_not_exists(#name)`, comparisons (`= <> < <= > >=`) between `#name` and `:value`, and
 * `SET #name = :value, …`. Anything else is refused with a message naming it, so a new expression cannot
 * be evaluated silently wrong by the in-process table (in-process-table.ts).
 *
 * Comparison follows DynamoDB: numbers by value, strings by code unit order (UTF-8 byte order for the
 * ASCII the table holds), operands of different types or a missing attribute never satisfy it.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";

/** An item, or the values of its expression placeholders. */
export type AttributeMap = { readonly [name: string]: AttributeValue };

/** The names and values an expression's placeholders stand for. */
export interface ExpressionContext {
  readonly names: { readonly [placeholder: string]: string };
  readonly values: AttributeMap;
}

/** The expression uses something the in-process table does not evaluate. */
export class UnsupportedExpressionError extends Error {
  constructor(expression: string, why: string) {
    super(`the in-process table cannot evaluate ${JSON.stringify(expression)}: ${why}; run the simulation on dynalite, or extend sim/aws/dynamodb-expression.ts`);
    this.name = "UnsupportedExpressionError";
  }
}

const TOKEN = /\s*(attribute_not_exists|AND|OR|<>|<=|>=|[()=<>,]|#[A-Za-z0-9_]+|:[A-Za-z0-9_]+)/y;

function tokenize(expression: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < expression.length) {
    if (/^\s*$/.test(expression.slice(TOKEN.lastIndex))) break;
    const match = TOKEN.exec(expression);
    if (match === null) throw new UnsupportedExpressionError(expression, `unexpected text at "${expression.slice(TOKEN.lastIndex).trim().slice(0, 20)}"`);
    tokens.push(match[1]);
  }
  return tokens;
}

function compare(left: AttributeValue | undefined, right: AttributeValue | undefined): number | undefined {
  if (left === undefined || right === undefined) return undefined;
  if (left.N !== undefined && right.N !== undefined) return Number(left.N) - Number(right.N);
  if (left.S !== undefined && right.S !== undefined) return left.S < right.S ? -1 : left.S > right.S ? 1 : 0;
  return undefined;
}

const COMPARATORS: { readonly [operator: string]: (order: number) => boolean } = {
  "=": (order) => order === 0,
  "<>": (order) => order !== 0,
  "<": (order) => order < 0,
  "<=": (order) => order <= 0,
  ">": (order) => order > 0,
  ">=": (order) => order >= 0,
};

/** Whether `item` (undefined = no item) satisfies the condition. */
export function evaluateCondition(expression: string, item: AttributeMap | undefined, context: ExpressionContext): boolean {
  const tokens = tokenize(expression);
  let position = 0;
  const peek = () => tokens[position];
  const take = (expected?: string): string => {
    const token = tokens[position];
    if (token === undefined || (expected !== undefined && token !== expected)) throw new UnsupportedExpressionError(expression, `expected ${expected ?? "more"} at token ${position + 1}`);
    position += 1;
    return token;
  };
  const name = (token: string): string => {
    const resolved = context.names[token];
    if (resolved === undefined) throw new UnsupportedExpressionError(expression, `${token} is not in ExpressionAttributeNames`);
    return resolved;
  };
  const operand = (token: string): AttributeValue | undefined => {
    if (token.startsWith("#")) return item?.[name(token)];
    if (token.startsWith(":")) {
      if (context.values[token] === undefined) throw new UnsupportedExpressionError(expression, `${token} is not in ExpressionAttributeValues`);
      return context.values[token];
    }
    throw new UnsupportedExpressionError(expression, `${token} is not a #name or :value`);
  };
  const primary = (): boolean => {
    const token = take();
    if (token === "(") {
      const value = disjunction();
      take(")");
      return value;
    }
    if (token === "attribute_not_exists") {
      take("(");
      const attribute = take();
      take(")");
      if (!attribute.startsWith("#")) throw new UnsupportedExpressionError(expression, "attribute_not_exists takes a #name");
      return item?.[name(attribute)] === undefined;
    }
    const operator = take();
    const comparator = COMPARATORS[operator];
    if (comparator === undefined) throw new UnsupportedExpressionError(expression, `${operator} is not a comparison`);
    const order = compare(operand(token), operand(take()));
    return order !== undefined && comparator(order);
  };
  const conjunction = (): boolean => {
    let value = primary();
    while (peek() === "AND") {
      take();
      value = primary() && value;
    }
    return value;
  };
  const disjunction = (): boolean => {
    let value = conjunction();
    while (peek() === "OR") {
      take();
      value = conjunction() || value;
    }
    return value;
  };
  const result = disjunction();
  if (position !== tokens.length) throw new UnsupportedExpressionError(expression, `unexpected ${tokens[position]}`);
  return result;
}

/** The attributes a `SET #a = :v, …` update expression assigns. */
export function evaluateSet(expression: string, context: ExpressionContext): AttributeMap {
  const match = /^\s*SET\s+(.+)$/s.exec(expression);
  if (match === null) throw new UnsupportedExpressionError(expression, "only SET updates are supported");
  const assigned: { [name: string]: AttributeValue } = {};
  for (const clause of match[1].split(",")) {
    const parts = /^\s*(#[A-Za-z0-9_]+)\s*=\s*(:[A-Za-z0-9_]+)\s*$/.exec(clause);
    if (parts === null) throw new UnsupportedExpressionError(expression, `"${clause.trim()}" is not #name = :value`);
    const attribute = context.names[parts[1]];
    const value = context.values[parts[2]];
    if (attribute === undefined || value === undefined) throw new UnsupportedExpressionError(expression, `${parts[1]} or ${parts[2]} has no placeholder value`);
    assigned[attribute] = value;
  }
  return assigned;
}
