/**
 * A small evaluator for exactly the HCL the generic module uses, so the module can be evaluated for an
 * operations map on any machine (Terraform itself cannot run here without the AWS provider; where the
 * `terraform` binary exists, the tests also check this evaluator against `terraform console`).
 *
 * Covered: Terraform JSON string templates (`${…}` interpolations, `$${` escapes); literals; tuples and
 * objects (quoted, bare or parenthesised keys); `for` expressions over lists and maps (maps iterate in
 * key order, as Terraform's do) with `if`; attribute and index access; the operators `! - * / + - < <=
 * > >= == != && || ?:`; and the functions listed in {@link FUNCTIONS}. Anything else is an error naming
 * what is missing, so the module cannot quietly outgrow the check.
 * @see https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md (the grammar followed here)
 */

export type HclRuntimeValue = unknown;

type Node =
  | { kind: "literal"; value: HclRuntimeValue }
  | { kind: "template"; parts: Array<string | Node> }
  | { kind: "tuple"; items: Node[] }
  | { kind: "object"; items: Array<{ key: Node; value: Node }> }
  | { kind: "for"; object: boolean; keyVar?: string; valueVar: string; collection: Node; key?: Node; value: Node; condition?: Node }
  | { kind: "variable"; name: string }
  | { kind: "attribute"; target: Node; name: string }
  | { kind: "index"; target: Node; key: Node }
  | { kind: "call"; name: string; args: Node[] }
  | { kind: "unary"; operator: string; operand: Node }
  | { kind: "binary"; operator: string; left: Node; right: Node }
  | { kind: "conditional"; condition: Node; whenTrue: Node; whenFalse: Node };

/** Thrown for text outside the subset or a failed evaluation; the message says where. */
export class HclEvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HclEvaluationError";
  }
}

const BINARY_LEVELS: ReadonlyArray<ReadonlyArray<string>> = [["||"], ["&&"], ["==", "!="], ["<=", ">=", "<", ">"], ["+", "-"], ["*", "/", "%"]];

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  /** A whole Terraform JSON string: literal text with interpolations. */
  parseTemplate(): Node {
    const node = this.templateUntil(null);
    if (this.pos !== this.text.length) this.fail("unexpected text after the template");
    return node;
  }

  /** A template up to (not including) `terminator`, or to the end when null. */
  private templateUntil(terminator: string | null): Node {
    const parts: Array<string | Node> = [];
    let literal = "";
    while (this.pos < this.text.length) {
      const char = this.text[this.pos];
      if (terminator !== null && char === terminator) break;
      if (this.text.startsWith("$${", this.pos) || this.text.startsWith("%%{", this.pos)) {
        literal += this.text.slice(this.pos + 1, this.pos + 3);
        this.pos += 3;
      } else if (this.text.startsWith("${", this.pos)) {
        if (literal) parts.push(literal);
        literal = "";
        this.pos += 2;
        parts.push(this.expression());
        this.expect("}");
      } else if (this.text.startsWith("%{", this.pos)) {
        this.fail("template directives (%{…}) are outside the subset");
      } else if (terminator !== null && char === "\\") {
        const next = this.text[this.pos + 1];
        const escapes: { [escape: string]: string } = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };
        if (!(next in escapes)) this.fail(`the escape \\${next} is outside the subset`);
        literal += escapes[next];
        this.pos += 2;
      } else {
        literal += char;
        this.pos += 1;
      }
    }
    if (literal || parts.length === 0) parts.push(literal);
    return { kind: "template", parts };
  }

  expression(): Node {
    const condition = this.binary(0);
    this.skipSpace();
    if (this.text[this.pos] !== "?") return condition;
    this.pos += 1;
    const whenTrue = this.expression();
    this.expect(":");
    const whenFalse = this.expression();
    return { kind: "conditional", condition, whenTrue, whenFalse };
  }

  private binary(level: number): Node {
    if (level === BINARY_LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      this.skipSpace();
      const operator = BINARY_LEVELS[level].find((candidate) => this.text.startsWith(candidate, this.pos) && !(candidate === "<" && this.text[this.pos + 1] === "=") && !(candidate === ">" && this.text[this.pos + 1] === "="));
      if (operator === undefined || (operator === "=" as string)) return left;
      this.pos += operator.length;
      left = { kind: "binary", operator, left, right: this.binary(level + 1) };
    }
  }

  private unary(): Node {
    this.skipSpace();
    const char = this.text[this.pos];
    if (char === "!" && this.text[this.pos + 1] !== "=") {
      this.pos += 1;
      return { kind: "unary", operator: "!", operand: this.unary() };
    }
    if (char === "-") {
      this.pos += 1;
      return { kind: "unary", operator: "-", operand: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private postfix(node: Node): Node {
    for (;;) {
      if (this.text[this.pos] === "." && /[A-Za-z_]/.test(this.text[this.pos + 1] ?? "")) {
        this.pos += 1;
        node = { kind: "attribute", target: node, name: this.identifier() };
      } else if (this.text[this.pos] === "[") {
        this.pos += 1;
        const key = this.expression();
        this.expect("]");
        node = { kind: "index", target: node, key };
      } else {
        return node;
      }
    }
  }

  private primary(): Node {
    this.skipSpace();
    const char = this.text[this.pos];
    if (char === '"') {
      this.pos += 1;
      const node = this.templateUntil('"');
      this.expect('"');
      return node;
    }
    if (char === "(") {
      this.pos += 1;
      const node = this.expression();
      this.expect(")");
      return node;
    }
    if (char === "[") return this.tupleOrFor();
    if (char === "{") return this.objectOrFor();
    const number = /^[0-9]+(\.[0-9]+)?/.exec(this.text.slice(this.pos));
    if (number) {
      this.pos += number[0].length;
      return { kind: "literal", value: Number(number[0]) };
    }
    const name = this.identifier();
    if (name === "true" || name === "false") return { kind: "literal", value: name === "true" };
    if (name === "null") return { kind: "literal", value: null };
    if (this.text[this.pos] === "(") {
      this.pos += 1;
      const args: Node[] = [];
      this.skipSpace();
      while (this.text[this.pos] !== ")") {
        args.push(this.expression());
        this.skipSpace();
        if (this.text[this.pos] === ",") this.pos += 1;
        this.skipSpace();
      }
      this.pos += 1;
      return { kind: "call", name, args };
    }
    return { kind: "variable", name };
  }

  private forHeader(): { keyVar?: string; valueVar: string; collection: Node } {
    this.skipSpace();
    const first = this.identifier();
    this.skipSpace();
    let keyVar: string | undefined;
    let valueVar = first;
    if (this.text[this.pos] === ",") {
      this.pos += 1;
      this.skipSpace();
      keyVar = first;
      valueVar = this.identifier();
    }
    this.skipSpace();
    if (this.identifier() !== "in") this.fail("expected `in`");
    const collection = this.expression();
    this.expect(":");
    return { keyVar, valueVar, collection };
  }

  private startsWithFor(): boolean {
    this.skipSpace();
    return /^for\s/.test(this.text.slice(this.pos, this.pos + 4));
  }

  private condition(): Node | undefined {
    this.skipSpace();
    if (!/^if\s/.test(this.text.slice(this.pos, this.pos + 3))) return undefined;
    this.pos += 2;
    return this.expression();
  }

  private tupleOrFor(): Node {
    this.pos += 1;
    if (this.startsWithFor()) {
      this.pos += 3;
      const header = this.forHeader();
      const value = this.expression();
      const condition = this.condition();
      this.expect("]");
      return { kind: "for", object: false, ...header, value, condition };
    }
    const items: Node[] = [];
    this.skipSpace();
    while (this.text[this.pos] !== "]") {
      items.push(this.expression());
      this.skipSpace();
      if (this.text[this.pos] === ",") this.pos += 1;
      this.skipSpace();
    }
    this.pos += 1;
    return { kind: "tuple", items };
  }

  private objectOrFor(): Node {
    this.pos += 1;
    if (this.startsWithFor()) {
      this.pos += 3;
      const header = this.forHeader();
      const key = this.expression();
      this.expect("=>");
      const value = this.expression();
      if (this.text.startsWith("...", this.pos)) this.fail("grouping (...) is outside the subset");
      const condition = this.condition();
      this.expect("}");
      return { kind: "for", object: true, ...header, key, value, condition };
    }
    const items: Array<{ key: Node; value: Node }> = [];
    this.skipSpace();
    while (this.text[this.pos] !== "}") {
      const key: Node = /[A-Za-z_]/.test(this.text[this.pos]) ? { kind: "literal", value: this.identifier() } : this.primary();
      this.skipSpace();
      if (this.text[this.pos] !== "=" && this.text[this.pos] !== ":") this.fail("expected `=` in an object");
      this.pos += 1;
      items.push({ key, value: this.expression() });
      this.skipSpace();
      if (this.text[this.pos] === ",") this.pos += 1;
      this.skipSpace();
    }
    this.pos += 1;
    return { kind: "object", items };
  }

  private identifier(): string {
    this.skipSpace();
    const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.pos));
    if (!match) this.fail("expected an identifier");
    this.pos += match[0].length;
    return match[0];
  }

  private skipSpace(): void {
    while (/\s/.test(this.text[this.pos] ?? "")) this.pos += 1;
  }

  private expect(token: string): void {
    this.skipSpace();
    if (!this.text.startsWith(token, this.pos)) this.fail(`expected \`${token}\``);
    this.pos += token.length;
  }

  private fail(message: string): never {
    throw new HclEvaluationError(`${message} at ${this.pos}: …${this.text.slice(Math.max(0, this.pos - 30), this.pos)}⟨here⟩${this.text.slice(this.pos, this.pos + 30)}…`);
  }
}

/** Parses a Terraform JSON string (a template) into its syntax tree. */
export function parseTemplate(text: string): Node {
  return new Parser(text).parseTemplate();
}

function isObject(value: HclRuntimeValue): value is { [key: string]: HclRuntimeValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sortedKeys(value: { [key: string]: HclRuntimeValue }): string[] {
  return Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Deep equality, as `==` compares values. */
export function hclEquals(a: HclRuntimeValue, b: HclRuntimeValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => hclEquals(item, b[index]));
  if (isObject(a) && isObject(b)) return hclEquals(sortedKeys(a), sortedKeys(b)) && sortedKeys(a).every((key) => hclEquals(a[key], b[key]));
  return a === b;
}

/**
 * jsonencode as Terraform writes it: object keys sorted, and `<`, `>`, `&`, U+2028 and U+2029 escaped
 * (Go's encoding/json escapes them for safe embedding in HTML).
 */
function jsonencode(value: HclRuntimeValue): string {
  const sorted = (item: HclRuntimeValue): HclRuntimeValue =>
    Array.isArray(item) ? item.map(sorted) : isObject(item) ? Object.fromEntries(sortedKeys(item).map((key) => [key, sorted(item[key])])) : item;
  return JSON.stringify(sorted(value)).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function toText(value: HclRuntimeValue): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new HclEvaluationError(`cannot interpolate ${JSON.stringify(value)} into a string`);
}

function flatten(value: HclRuntimeValue): HclRuntimeValue[] {
  return (value as HclRuntimeValue[]).flatMap((item) => (Array.isArray(item) ? flatten(item) : [item]));
}

/** The functions the module calls, with Terraform's meaning. */
export const FUNCTIONS: { readonly [name: string]: (...args: HclRuntimeValue[]) => HclRuntimeValue } = {
  jsonencode,
  merge: (...maps) => Object.assign({}, ...(maps as object[])),
  flatten,
  distinct: (list) => (list as HclRuntimeValue[]).filter((item, index, all) => all.findIndex((other) => hclEquals(other, item)) === index),
  join: (separator, list) => (list as HclRuntimeValue[]).map(toText).join(separator as string),
  range: (...args) => {
    const [start, end] = args.length === 1 ? [0, args[0] as number] : [args[0] as number, args[1] as number];
    return Array.from({ length: Math.max(0, end - start) }, (_, index) => start + index);
  },
  length: (value) => (typeof value === "string" ? [...value].length : Array.isArray(value) ? value.length : isObject(value) ? Object.keys(value).length : fail(`length of ${JSON.stringify(value)}`)),
  max: (...numbers) => Math.max(...(numbers as number[])),
  floor: (number) => Math.floor(number as number),
  ceil: (number) => Math.ceil(number as number),
  keys: (map) => sortedKeys(map as { [key: string]: HclRuntimeValue }),
  element: (list, index) => (list as HclRuntimeValue[])[(index as number) % (list as HclRuntimeValue[]).length],
  split: (separator, text) => (text as string).split(separator as string),
  alltrue: (list) => (list as HclRuntimeValue[]).every((item) => item === true),
  contains: (list, value) => (list as HclRuntimeValue[]).some((item) => hclEquals(item, value)),
  regex: (pattern, text) => {
    const match = new RegExp(pattern as string).exec(text as string);
    if (match === null) throw new HclEvaluationError(`regex ${JSON.stringify(pattern)} does not match ${JSON.stringify(text)}`);
    return match[0];
  },
  coalesce: (...values) => values.find((value) => value !== null && value !== "") ?? fail("coalesce: no non-null argument"),
};

function fail(message: string): never {
  throw new HclEvaluationError(message);
}

/** Names in scope: `var`, `local`, `each`, for-expression variables, and resolvers for resources. */
export interface Scope {
  /** A root name's value (`var`, `local`, `each`, a for variable, `data`, a resource type). */
  lookup(name: string): HclRuntimeValue;
}

function withVariables(scope: Scope, variables: { [name: string]: HclRuntimeValue }): Scope {
  return { lookup: (name) => (Object.hasOwn(variables, name) ? variables[name] : scope.lookup(name)) };
}

/** Evaluates a syntax tree. */
export function evaluate(node: Node, scope: Scope): HclRuntimeValue {
  switch (node.kind) {
    case "literal":
      return node.value;
    case "template": {
      if (node.parts.length === 1 && typeof node.parts[0] !== "string") return evaluate(node.parts[0], scope);
      return node.parts.map((part) => (typeof part === "string" ? part : toText(evaluate(part, scope)))).join("");
    }
    case "tuple":
      return node.items.map((item) => evaluate(item, scope));
    case "object":
      return Object.fromEntries(node.items.map(({ key, value }) => [toText(evaluate(key, scope)), evaluate(value, scope)]));
    case "variable":
      return scope.lookup(node.name);
    case "attribute": {
      const target = evaluate(node.target, scope);
      if (!isObject(target) || !(node.name in target)) fail(`no attribute ${node.name} in ${JSON.stringify(target)?.slice(0, 200)}`);
      return target[node.name];
    }
    case "index": {
      const target = evaluate(node.target, scope);
      const key = evaluate(node.key, scope);
      if (Array.isArray(target) && typeof key === "number" && key < target.length) return target[key];
      if (isObject(target) && typeof key === "string" && key in target) return target[key];
      return fail(`no element ${JSON.stringify(key)} in ${JSON.stringify(target)?.slice(0, 200)}`);
    }
    case "call": {
      if (node.name === "can") {
        try {
          evaluate(node.args[0], scope);
          return true;
        } catch {
          return false;
        }
      }
      const fn = FUNCTIONS[node.name] ?? fail(`the function ${node.name} is outside the subset`);
      return fn(...node.args.map((arg) => evaluate(arg, scope)));
    }
    case "unary": {
      const operand = evaluate(node.operand, scope);
      return node.operator === "!" ? !(operand as boolean) : -(operand as number);
    }
    case "binary":
      return binary(node.operator, node.left, node.right, scope);
    case "conditional": {
      const condition = evaluate(node.condition, scope);
      if (typeof condition !== "boolean") fail(`a condition must be a bool, got ${JSON.stringify(condition)}`);
      return evaluate(condition ? node.whenTrue : node.whenFalse, scope);
    }
    case "for": {
      const collection = evaluate(node.collection, scope);
      const entries: Array<[HclRuntimeValue, HclRuntimeValue]> = Array.isArray(collection)
        ? collection.map((item, index) => [index, item])
        : isObject(collection)
          ? sortedKeys(collection).map((key) => [key, collection[key]])
          : fail(`cannot iterate ${JSON.stringify(collection)}`);
      const results: Array<[HclRuntimeValue, HclRuntimeValue]> = [];
      for (const [key, value] of entries) {
        const inner = withVariables(scope, { ...(node.keyVar ? { [node.keyVar]: key } : {}), [node.valueVar]: value });
        if (node.condition && evaluate(node.condition, inner) !== true) continue;
        results.push([node.key ? evaluate(node.key, inner) : undefined, evaluate(node.value, inner)]);
      }
      if (!node.object) return results.map(([, value]) => value);
      const object: { [key: string]: HclRuntimeValue } = {};
      for (const [key, value] of results) {
        if (Object.hasOwn(object, toText(key))) fail(`duplicate key ${String(key)} in a for expression`);
        object[toText(key)] = value;
      }
      return object;
    }
  }
}

function binary(operator: string, leftNode: Node, rightNode: Node, scope: Scope): HclRuntimeValue {
  const left = evaluate(leftNode, scope);
  if (operator === "&&" && left === false) return false;
  if (operator === "||" && left === true) return true;
  const right = evaluate(rightNode, scope);
  switch (operator) {
    case "==":
      return hclEquals(left, right);
    case "!=":
      return !hclEquals(left, right);
    case "&&":
    case "||":
      return right as boolean;
  }
  if (typeof left !== "number" || typeof right !== "number") fail(`${operator} needs numbers, got ${JSON.stringify(left)} and ${JSON.stringify(right)}`);
  const arithmetic: { [op: string]: (a: number, b: number) => HclRuntimeValue } = {
    "+": (a, b) => a + b,
    "-": (a, b) => a - b,
    "*": (a, b) => a * b,
    "/": (a, b) => a / b,
    "%": (a, b) => a % b,
    "<": (a, b) => a < b,
    "<=": (a, b) => a <= b,
    ">": (a, b) => a > b,
    ">=": (a, b) => a >= b,
  };
  return arithmetic[operator](left, right);
}

/** Evaluates a Terraform JSON string value in `scope`. */
export function evaluateTemplate(text: string, scope: Scope): HclRuntimeValue {
  return evaluate(parseTemplate(text), scope);
}

/** Parses a bare expression (a variable's `type`, for instance). */
export function parseExpression(text: string): Node {
  return new Parser(text).expression();
}

export type { Node as HclNode };

/**
 * The scoped references in a syntax tree (`var.x`, `local.x`, `data.type.name`, `type.name`), for-
 * expression bodies included (HashiCorp's reference finder reports only a for-expression's collection).
 */
export function scopedReferences(node: Node): string[] {
  const found: string[] = [];
  const visit = (current: Node | string): void => {
    if (typeof current === "string") return;
    const chain: string[] = [];
    let cursor: Node = current;
    while (cursor.kind === "attribute") {
      chain.unshift(cursor.name);
      cursor = cursor.target;
    }
    if (cursor.kind === "variable") {
      // A whole traversal: record it once, not again for each shorter prefix.
      if (chain.length > 0 && (["var", "local", "data"].includes(cursor.name) || cursor.name.startsWith("aws_"))) {
        found.push([cursor.name, ...chain.slice(0, cursor.name === "data" ? 2 : 1)].join("."));
      }
      return;
    }
    for (const child of children(cursor)) visit(child);
  };
  visit(node);
  return found;
}

function children(node: Node): Array<Node | string> {
  switch (node.kind) {
    case "template":
      return node.parts;
    case "tuple":
      return node.items;
    case "object":
      return node.items.flatMap(({ key, value }) => [key, value]);
    case "for":
      return [node.collection, ...(node.key ? [node.key] : []), node.value, ...(node.condition ? [node.condition] : [])];
    case "attribute":
      return [node.target];
    case "index":
      return [node.target, node.key];
    case "call":
      return node.args;
    case "unary":
      return [node.operand];
    case "binary":
      return [node.left, node.right];
    case "conditional":
      return [node.condition, node.whenTrue, node.whenFalse];
    default:
      return [];
  }
}
