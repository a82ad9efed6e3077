/**
 * Evaluates the generic module for a tfvars map with the small HCL evaluator: variables (type
 * conversion with optional attributes and their defaults, then validation), locals, per-operation
 * resource arguments (`each.key`, `each.value`), and preconditions. Resources and data sources stand
 * in as `<type.attribute>` strings, as Terraform would know them only after apply.
 */
import { evaluate, evaluateTemplate, HclEvaluationError, parseExpression, type HclNode, type HclRuntimeValue, type Scope } from "./hcl-evaluator";

type Json = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A value that answers `<type.attribute>` for any attribute (a resource or data source before apply). */
function standIn(type: string): HclRuntimeValue {
  return new Proxy({}, { get: (_target, attribute) => `<${type}.${String(attribute)}>`, has: () => true });
}

/** Converts a tfvars value to a variable's type, as Terraform does for the parts the module uses. */
export function convertToType(type: HclNode, value: HclRuntimeValue, at: string): HclRuntimeValue {
  if (type.kind === "variable") {
    if (value === null || type.name === "any") return value;
    const expected = { string: "string", number: "number", bool: "boolean" }[type.name];
    if (typeof value !== expected) throw new HclEvaluationError(`${at}: a ${type.name} is required`);
    return value;
  }
  if (type.kind !== "call") throw new HclEvaluationError(`${at}: type ${type.kind} is outside the subset`);
  if (value === null) return null;
  const [inner] = type.args;
  switch (type.name) {
    case "list":
      if (!Array.isArray(value)) throw new HclEvaluationError(`${at}: a list is required`);
      return value.map((item, index) => convertToType(inner, item, `${at}[${index}]`));
    case "map":
      if (typeof value !== "object" || Array.isArray(value)) throw new HclEvaluationError(`${at}: a map is required`);
      return Object.fromEntries(Object.entries(value as Json).map(([key, item]) => [key, convertToType(inner, item, `${at}["${key}"]`)]));
    case "object": {
      if (inner.kind !== "object") throw new HclEvaluationError(`${at}: object() takes an object of attribute types`);
      const given = value as Json;
      const attributes = inner.items.map(({ key, value: attributeType }) => [evaluate(key, noScope) as string, attributeType] as const);
      const unexpected = Object.keys(given).filter((name) => !attributes.some(([attribute]) => attribute === name));
      if (unexpected.length > 0) throw new HclEvaluationError(`${at}: unexpected attribute ${unexpected.join(", ")}`);
      return Object.fromEntries(
        attributes.map(([name, attributeType]) => {
          const optional = attributeType.kind === "call" && attributeType.name === "optional";
          const actualType = optional ? attributeType.args[0] : attributeType;
          const given_ = given[name];
          if (given_ === undefined || given_ === null) {
            if (!optional) throw new HclEvaluationError(`${at}: attribute ${name} is required`);
            return [name, attributeType.args[1] ? evaluate(attributeType.args[1], noScope) : null];
          }
          return [name, convertToType(actualType, given_, `${at}.${name}`)];
        }),
      );
    }
    default:
      throw new HclEvaluationError(`${at}: type ${type.name}() is outside the subset`);
  }
}

const noScope: Scope = { lookup: (name) => { throw new HclEvaluationError(`no ${name} here`); } };

/** The module, evaluated for one set of variable values. */
export class ModuleEvaluation {
  readonly variables: Json = {};
  /** Every failed validation's error message (evaluated: it names the operations at fault), in the module's order. */
  readonly validationErrors: string[] = [];
  private readonly locals: Json = {};
  private readonly evaluating = new Set<string>();
  private readonly scope: Scope;

  /**
   * @param dataValues data source attributes by `<type>.<attribute>` (e.g. the Connect instance's ARN);
   *   the others stand in as `<data.type.attribute>`
   * @param resolveArguments a resource attribute that is also one of its arguments (a table's `name`, a
   *   function's `function_name`) evaluates to the argument instead of a stand-in, as after apply
   */
  constructor(
    private readonly module: Json,
    values: Json,
    private readonly resolveArguments = false,
    private readonly dataValues: { readonly [typeAndAttribute: string]: HclRuntimeValue } = {},
  ) {
    for (const [name, block] of Object.entries(module.variable as Json)) {
      const given = Object.hasOwn(values, name) ? values[name] : block.default;
      if (given === undefined) throw new HclEvaluationError(`variable ${name} is required`);
      this.variables[name] = convertToType(parseExpression(block.type), given, `var.${name}`);
    }
    this.scope = {
      lookup: (name) => {
        if (name === "var") return this.variables;
        if (name === "local") return new Proxy({}, { get: (_target, local) => this.local(String(local)), has: (_target, local) => Object.hasOwn(this.module.locals, local) });
        if (name === "data") {
          const dataSource = (type: string) =>
            new Proxy({}, { get: (_target, attribute) => this.dataValues[`${type}.${String(attribute)}`] ?? `<data.${type}.${String(attribute)}>`, has: () => true });
          return new Proxy({}, { get: (_target, type) => new Proxy({}, { get: () => dataSource(String(type)), has: () => true }), has: () => true });
        }
        if (name.startsWith("aws_")) return this.resource(name);
        throw new HclEvaluationError(`unknown name ${name}`);
      },
    };
    for (const block of Object.values(module.variable as Json)) {
      for (const validation of block.validation ?? []) {
        if (evaluateTemplate(validation.condition, this.scope) !== true) this.validationErrors.push(String(evaluateTemplate(validation.error_message, this.scope)));
      }
    }
  }

  /** A local value. */
  local(name: string): HclRuntimeValue {
    if (Object.hasOwn(this.locals, name)) return this.locals[name];
    if (!Object.hasOwn(this.module.locals, name)) throw new HclEvaluationError(`no local ${name}`);
    if (this.evaluating.has(name)) throw new HclEvaluationError(`local ${name} refers to itself`);
    this.evaluating.add(name);
    const value = this.evaluateValue(this.module.locals[name], this.scope);
    this.evaluating.delete(name);
    this.locals[name] = value;
    return value;
  }

  /** An output's value. */
  output(name: string): HclRuntimeValue {
    return this.evaluateValue(this.module.output[name].value, this.scope);
  }

  /** The instances a `for_each` resource has, by key. */
  instances(type: string, name: string): string[] {
    const block = this.module.resource[type][name];
    if (block.for_each === undefined) return [""];
    return Object.keys(evaluateTemplate(block.for_each, this.scope) as Json).sort();
  }

  /** One argument of a resource instance (`each.key` = `key` for a `for_each` resource). */
  argument(type: string, name: string, argument: string, key?: string): HclRuntimeValue {
    const block = this.module.resource[type][name];
    return this.evaluateValue(block[argument], this.eachScope(block, key));
  }

  /** The error messages of the failed preconditions of a resource instance. */
  preconditionErrors(type: string, name: string, key?: string): string[] {
    const block = this.module.resource[type][name];
    const scope = this.eachScope(block, key);
    return (block.lifecycle?.precondition ?? []).filter((rule: Json) => evaluateTemplate(rule.condition, scope) !== true).map((rule: Json) => String(evaluateTemplate(rule.error_message, scope)));
  }

  private eachScope(block: Json, key: string | undefined): Scope {
    if (block.for_each === undefined) return this.scope;
    const each = { key, value: (evaluateTemplate(block.for_each, this.scope) as Json)[key as string] };
    return { lookup: (name) => (name === "each" ? each : this.scope.lookup(name)) };
  }

  private resource(type: string): HclRuntimeValue {
    const blocks = this.module.resource[type] ?? {};
    const instance = (name: string, key?: string) =>
      !this.resolveArguments
        ? standIn(type)
        : new Proxy({}, { get: (_target, attribute) => (typeof attribute === "string" && attribute in this.module.resource[type][name] && attribute !== "for_each" ? this.argument(type, name, attribute, key) : `<${type}.${String(attribute)}>`), has: () => true });
    return Object.fromEntries(
      Object.entries(blocks as Json).map(([name, block]) => [name, block.for_each === undefined ? instance(name) : Object.fromEntries(this.instances(type, name).map((key) => [key, instance(name, key)]))]),
    );
  }

  private evaluateValue(value: HclRuntimeValue, scope: Scope): HclRuntimeValue {
    if (typeof value === "string") return evaluateTemplate(value, scope);
    if (Array.isArray(value)) return value.map((item) => this.evaluateValue(item, scope));
    if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.evaluateValue(item, scope)]));
    return value;
  }
}
