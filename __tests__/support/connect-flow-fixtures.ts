/**
 * The real Connect flow exports in ../shared/fixtures/connect-flows (read in place, never copied), and
 * helpers to derive broken variants of them in tests.
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { FlowAction, FlowJson } from "../../flows/flow-json";

export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");
export const FIXTURE_DIR = path.resolve(PROJECT_ROOT, "..", "shared", "fixtures", "connect-flows");

/** File names of every fixture flow, sorted. */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR).filter((name) => name.endsWith(".json")).sort();
}

export function fixtureText(name: string): string {
  return readFileSync(path.join(FIXTURE_DIR, name), "utf8");
}

/** A fresh, mutable copy of a fixture flow. */
export function loadFixture(name: string): MutableFlow {
  return JSON.parse(fixtureText(name)) as MutableFlow;
}

/** The flow JSON with every level writable, for tests that break a real flow on purpose. */
export type MutableFlow = { -readonly [K in keyof FlowJson]: K extends "Actions" ? MutableAction[] : FlowJson[K] };
export type MutableAction = {
  Identifier: string;
  Type: string;
  Parameters: { [key: string]: unknown };
  Transitions: {
    NextAction?: string;
    Errors?: Array<{ NextAction: string; ErrorType: string }>;
    Conditions?: Array<{ NextAction: string; Condition: { Operator: string; Operands: unknown[] } }>;
  };
};

/** The first action of `type` in the flow; fails the test when there is none. */
export function firstOfType(flow: MutableFlow, type: string): MutableAction {
  const found = flow.Actions.find((action) => action.Type === type);
  if (found === undefined) throw new Error(`test setup: the fixture has no ${type} action`);
  return found;
}

export function asFlow(flow: MutableFlow): FlowJson {
  return flow as unknown as FlowJson;
}

export type { FlowAction };
