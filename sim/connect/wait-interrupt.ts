/**
 * What ends an event-based Wait (reference §2.1.2, §2.8): the awaited Lambda returning, or the Wait's
 * time limit. Whichever comes first fires once; everything the Continue branch is doing at that virtual
 * instant (a prompt, a silent wait) is cut through {@link WaitInterrupt.signal}.
 */

/** Why the Wait ended. */
export type WaitInterruptCause =
  | { readonly kind: "event"; /** The InterruptibleEvents key, also the condition operand. */ readonly branch: string; readonly invocationId: string }
  | { readonly kind: "timeout" };

/** Fires once, with the first cause given. */
export class WaitInterrupt {
  private readonly controller = new AbortController();
  private resolveFired!: (cause: WaitInterruptCause) => void;
  /** The first cause, once fired. */
  cause?: WaitInterruptCause;
  /** Resolves with the cause when fired. */
  readonly fired: Promise<WaitInterruptCause> = new Promise((resolve) => (this.resolveFired = resolve));

  /** Aborts when fired: pass it to the clock's sleeps so a cut prompt leaves no timer behind. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Fires with `cause`, unless it has already fired. */
  fire(cause: WaitInterruptCause): void {
    if (this.cause !== undefined) return;
    this.cause = cause;
    this.controller.abort();
    this.resolveFired(cause);
  }
}
