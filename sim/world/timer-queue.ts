/**
 * The virtual clock's pending timers, earliest first, ties in the order they were created: a binary
 * heap, so a crowd's tens of thousands of pending sleeps cost a logarithm each to add and to fire
 * (a sorted array paid a linear shift or splice on every one, which made 10,000 callers quadratic).
 * A timer cancelled by its abort signal is only marked, and skipped when it reaches the top.
 */

/** One pending timer. */
export interface QueuedTimer {
  readonly at: number;
  readonly seq: number;
  readonly resolve: () => void;
  cancelled?: boolean;
}

function earlier(a: QueuedTimer, b: QueuedTimer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/** A min-heap of timers by (at, seq). */
export class TimerQueue {
  private readonly heap: QueuedTimer[] = [];
  private live = 0;

  /** Timers waiting to fire, cancelled ones left out. */
  get size(): number {
    return this.live;
  }

  push(timer: QueuedTimer): void {
    const heap = this.heap;
    heap.push(timer);
    this.live += 1;
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >>> 1;
      if (!earlier(heap[index], heap[parent])) break;
      [heap[index], heap[parent]] = [heap[parent], heap[index]];
      index = parent;
    }
  }

  /** The earliest timer still wanted, without taking it; undefined when none is. */
  peek(): QueuedTimer | undefined {
    while (this.heap.length > 0 && this.heap[0].cancelled === true) this.removeTop();
    return this.heap[0];
  }

  /** Takes the earliest timer still wanted. */
  pop(): QueuedTimer | undefined {
    const top = this.peek();
    if (top === undefined) return undefined;
    this.removeTop();
    this.live -= 1;
    return top;
  }

  /** Marks `timer` as no longer wanted; it leaves the heap when it reaches the top. */
  cancel(timer: QueuedTimer): void {
    if (timer.cancelled === true) return;
    timer.cancelled = true;
    this.live -= 1;
  }

  private removeTop(): void {
    const heap = this.heap;
    const last = heap.pop() as QueuedTimer;
    if (heap.length === 0) return;
    heap[0] = last;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && earlier(heap[left], heap[smallest])) smallest = left;
      if (right < heap.length && earlier(heap[right], heap[smallest])) smallest = right;
      if (smallest === index) return;
      [heap[index], heap[smallest]] = [heap[smallest], heap[index]];
      index = smallest;
    }
  }
}
