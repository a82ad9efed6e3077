/**
 * The asynchronous Lambda invocations one contact has started (reference §2.1.1–§2.1.2): each has the id
 * the flow reads at `$.LambdaInvocation.InvocationId`, and a completion the event-based Wait and Load
 * result look up by that id.
 */
import { createHash } from "node:crypto";
import type { FlowDataValue } from "./flow-references";

/** How Connect's attempts at one invocation ended. */
export interface InvocationOutcome {
  /** `ok`, or why the invocation failed. */
  readonly result: "ok" | "error" | "timeout" | "invalid-response";
  /** The accepted response (on `ok`). */
  readonly response?: { readonly [key: string]: FlowDataValue };
  readonly attempts: number;
}

/** One asynchronous invocation. */
export interface AsyncInvocation {
  readonly id: string;
  readonly functionName: string;
  /** Virtual epoch ms of the invoke. */
  readonly startedAt: number;
  /** Set when the invocation returns (all attempts done). */
  outcome?: InvocationOutcome;
  /** Resolves when it returns. */
  readonly returned: Promise<void>;
}

/** A contact's asynchronous invocations, by id. */
export class AsyncInvocations {
  private readonly byId = new Map<string, AsyncInvocation>();
  private count = 0;

  constructor(private readonly contactId: string) {}

  /**
   * A fresh invocation id in the shape of a Lambda request id (a UUID), derived from the contact and a
   * counter: the same scenario gives the same ids, and two contacts never share one.
   */
  nextId(): string {
    this.count += 1;
    const hex = createHash("sha256").update(`${this.contactId}#${this.count}`, "utf8").digest("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  add(invocation: AsyncInvocation): void {
    this.byId.set(invocation.id, invocation);
  }

  /** The invocation with this id, or undefined (a wrong id, or one from another contact). */
  get(id: string): AsyncInvocation | undefined {
    return this.byId.get(id);
  }
}
