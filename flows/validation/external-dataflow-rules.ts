import type { FlowAction, FlowIssue } from "../flow-json";
import { factSetOperations, type ForwardAnalysis, solveForward } from "./dataflow";
import { FLOW_EDGE_KIND } from "./flow-edges";
import { FLOW_ISSUE_CODE } from "./issue-codes";
import { findJsonPathReferences } from "./json-path";
import { isAsynchronousInvoke } from "./lambda-rules";
import { actionStrings } from "./reference-rules";
import { blockIssue, describeBlock, type FlowRule, type FlowRuleContext } from "./rule";
import { ACTION_TYPE } from "./vocabulary";

type Fact = ReadonlySet<string>;

/** Bounds the fact analyses below on pathological flows (a few seconds at most; real flows use a tiny fraction). */
const FACT_WORK_LIMIT = { size: (facts: Fact): number => facts.size, limit: 3_000_000 };

/** Runs one of the fact analyses below: no facts at the start, paths merged by union, within {@link FACT_WORK_LIMIT}. */
function solveFacts(context: Pick<FlowRuleContext, "flow" | "actionsById">, analysis: Pick<ForwardAnalysis<Fact>, "transfer" | "alongEdge">): Map<string, Fact> {
  return solveForward<Fact>(context, { initial: new Set(), ...factSetOperations, workLimit: FACT_WORK_LIMIT, ...analysis });
}

/** The keys of `$.External.<key>` (and its alias `$.LambdaInvocation.ResultData.<key>`) that a block reads. */
export function externalKeysRead(action: FlowAction): string[] {
  const keys = new Set<string>();
  for (const { value } of actionStrings(action)) {
    for (const reference of findJsonPathReferences(value)) {
      if (reference.problem) continue;
      const [root, second, third] = reference.segments;
      if (root === "External" && second !== undefined) keys.add(second);
      if (root === "LambdaInvocation" && second === "ResultData" && third !== undefined) keys.add(third);
    }
  }
  return [...keys];
}

function readsInvocationId(action: FlowAction): boolean {
  return actionStrings(action).some(({ value }) =>
    findJsonPathReferences(value).some((reference) => reference.segments[0] === "LambdaInvocation" && reference.segments[1] === "InvocationId"));
}

/**
 * Blocks after which `$.External` holds a new Lambda result: a synchronous invoke, and Load result (which
 * fetches an asynchronous invocation's answer, reference §2.1.2). An asynchronous invoke sets no result.
 */
function setsExternal(action: FlowAction): boolean {
  return (action.Type === ACTION_TYPE.InvokeLambdaFunction && !isAsynchronousInvoke(action)) || action.Type === ACTION_TYPE.LoadLambdaFunctionResult;
}

/**
 * Two blocks calling the same function ARN return the same keys; two Load result blocks given the same
 * invocation id (usually the same flow attribute) load the same function's answer.
 */
function functionOf(action: FlowAction): string {
  if (action.Type === ACTION_TYPE.LoadLambdaFunctionResult) {
    const id = action.Parameters.LambdaInvocationId;
    return typeof id === "string" && id !== "" ? `result-of:${id}` : `block:${action.Identifier}`;
  }
  const arn = action.Parameters.LambdaFunctionARN;
  return typeof arn === "string" && arn !== "" ? arn : `block:${action.Identifier}`;
}

const fact = (...parts: string[]): string => JSON.stringify(parts);
const parts = (encoded: string): string[] => JSON.parse(encoded) as string[];

/**
 * A read of `$.External` keys that, on some path, came from one Lambda call and were replaced by another
 * function's result before the read. The data-flow result itself, for the rule below and for tools that
 * must know which call's result is read late (wrap refuses to wrap such a call).
 */
export interface StaleExternalRead {
  /** The block that reads the keys. */
  readonly readerId: string;
  /** The keys read stale, in the order found. */
  readonly keys: ReadonlyArray<string>;
  /** The calls whose result the keys came from, on some path, first found first: each with the first block found that replaced it. */
  readonly producers: ReadonlyArray<{ readonly producerId: string; readonly overwriterId: string }>;
}

/**
 * `$.External` holds only the most recent Lambda's result. A key read after Lambda P (so P supplied it)
 * and then read again after a Lambda O that calls another function, with no new call of P's function in
 * between, most likely reads O's result by mistake.
 *
 * A Lambda that takes `$.External.k` among its own inputs is treated as passing k through (it re-sets k), the
 * usual way to thread values through a chain of calls. Keys matching `sharedExternalKeyPattern` (returned
 * by every Lambda, e.g. connect-async's `async…` keys) are exempt.
 *
 * Facts, on some path, by function and by the block that called it (so a flow calling one function from two
 * blocks knows which call's result is read; their number grows with keys × calling blocks, not with blocks
 * squared): `C fn b` — block b's call of fn may have set $.External last; `R k fn b` — k was read while b's
 * result was there; `S k fn b` — k came from b and another function has since replaced $.External. A new
 * call of the same function re-sets its keys (they now come from the new block). Blocks named in results
 * are the first found, so the result is deterministic.
 */
export function findStaleExternalReads(context: Pick<FlowRuleContext, "flow" | "actionsById" | "options">): StaleExternalRead[] {
  const { options } = context;
  const staleReads = new Map<string, { keys: Set<string>; producers: Map<string, string> }>();
  const firstOverwriterOf = new Map<string, string>();
  solveFacts(context, {
    transfer(action, input) {
      const output = new Set(input);
      const facts = [...input].map(split);
      const current = facts.filter(([kind]) => kind === CURRENT);
      const keysRead = externalKeysRead(action).filter((key) => !options.sharedExternalKeyPattern.test(key));
      for (const key of keysRead) {
        for (const [kind, staleKey, fn, producer] of facts) {
          if (kind !== STALE || staleKey !== key) continue;
          const found = staleReads.get(action.Identifier) ?? { keys: new Set<string>(), producers: new Map<string, string>() };
          found.keys.add(key);
          if (!found.producers.has(producer as string)) found.producers.set(producer as string, firstOverwriterOf.get(join(key, fn as string, producer as string)) as string);
          staleReads.set(action.Identifier, found);
        }
        for (const [, fn, block] of current) output.add(join(READ, key, fn as string, block as string));
      }
      if (!setsExternal(action)) return output;
      const called = functionOf(action);
      const passedThrough = new Set(keysRead);
      for (const encoded of [...output]) {
        const [kind, key, fn, producer] = split(encoded) as [string, string, string, string];
        if (kind === CURRENT) {
          output.delete(encoded);
          continue;
        }
        if (kind === READ && !passedThrough.has(key)) {
          output.delete(encoded);
          if (fn === called) {
            output.add(join(READ, key, fn, action.Identifier));
          } else {
            output.add(join(STALE, key, fn, producer));
            if (!firstOverwriterOf.has(join(key, fn, producer))) firstOverwriterOf.set(join(key, fn, producer), action.Identifier);
          }
        }
        if (kind === STALE && (passedThrough.has(key) || fn === called)) output.delete(encoded);
      }
      output.add(join(CURRENT, called, action.Identifier));
      return output;
    },
  });
  return [...staleReads.entries()].map(([readerId, stale]) => ({
    readerId, keys: [...stale.keys], producers: [...stale.producers].map(([producerId, overwriterId]) => ({ producerId, overwriterId })),
  }));
}

/** Reports each {@link StaleExternalRead} as a warning on the reading block. */
export const externalReadRule: FlowRule = {
  name: "external-after-other-lambda",
  check(context) {
    return findStaleExternalReads(context).map((stale) => staleReadIssue(stale, context.actionsById));
  },
};

const CURRENT = "C";
const READ = "R";
const STALE = "S";
/** Facts are short strings: parts joined by NUL, which no key or ARN contains. */
const join = (...parts: string[]): string => parts.join("\u0000");
const split = (encoded: string): string[] => encoded.split("\u0000");

function staleReadIssue({ readerId, keys, producers }: StaleExternalRead, actionsById: ReadonlyMap<string, FlowAction>): FlowIssue {
  const action = actionsById.get(readerId) as FlowAction;
  const { producerId: producer, overwriterId } = producers[0]!;
  const listed = keys.slice(0, 3).map((key) => `$.External.${key}`);
  const more = keys.length > 3 ? ` and ${keys.length - 3} more key(s)` : "";
  const example = keys[0];
  return blockIssue(action, "warning", FLOW_ISSUE_CODE.EXTERNAL_READ_AFTER_OTHER_LAMBDA,
    `${describeBlock(action)} reads ${listed.join(", ")}${more}, but on some path ${describeBlock(actionsById.get(overwriterId) as FlowAction)} runs after ` +
    `${describeBlock(actionsById.get(producer) as FlowAction)} (whose result was read for ${example} earlier) and replaces $.External. ` +
    `Copy the value with a Set contact attributes block right after "${producer}" and read $.Attributes.${example} here, or read it before "${overwriterId}" runs.`);
}

/**
 * `$.LambdaInvocation.InvocationId` holds the id of the most recent asynchronous invoke. Reading it after a
 * second asynchronous invoke, when the first one's id was never read, loses the first id. An invoke's error
 * branch started no invocation, so it carries the state from before the invoke (a retry of a failed invoke
 * loses nothing).
 *
 * Facts: ["pending", A] — A's id has not been read yet; ["lost", A, B] — B overwrote A's unread id.
 */
export const invocationIdRule: FlowRule = {
  name: "invocation-id-overwritten",
  check(context) {
    const { actionsById } = context;
    const findings = new Map<string, FlowIssue>();
    solveFacts(context, {
      transfer(action, input) {
        let output = new Set(input);
        if (readsInvocationId(action)) {
          const lost = [...input].map(parts).find(([kind]) => kind === "lost");
          if (lost && !findings.has(action.Identifier)) {
            const [, first, second] = lost;
            findings.set(action.Identifier, blockIssue(action, "warning", FLOW_ISSUE_CODE.INVOCATION_ID_OVERWRITTEN,
              `${describeBlock(action)} reads $.LambdaInvocation.InvocationId, but on some path ${describeBlock(actionsById.get(second) as FlowAction)} starts after ${describeBlock(actionsById.get(first) as FlowAction)} before that id was read, so the id of "${first}" is lost. ` +
              `Save $.LambdaInvocation.InvocationId to a flow attribute right after each asynchronous invoke.`));
          }
          output = new Set();
        }
        if (isAsynchronousInvoke(action)) {
          for (const [kind, first] of [...output].map(parts)) {
            if (kind === "pending") output.add(fact("lost", first, action.Identifier));
          }
          for (const encoded of [...output]) if (parts(encoded)[0] === "pending") output.delete(encoded);
          output.add(fact("pending", action.Identifier));
        }
        return output;
      },
      alongEdge: (edge, leaving, entering) =>
        (edge.kind === FLOW_EDGE_KIND.Error && isAsynchronousInvoke(actionsById.get(edge.from) as FlowAction) ? entering : leaving),
    });
    return [...findings.values()];
  },
};
