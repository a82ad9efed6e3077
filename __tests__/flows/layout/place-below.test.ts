import fc from "fast-check";
import type { FlowPosition } from "../../../flows/flow-json";
import { placeBelow } from "../../../flows/layout";

// A console block is about 220 x 140 px, and one with many branches is taller; the test's own numbers.
const BOX = { width: 220, height: 240 };
const position = fc.record({ x: fc.integer({ min: -2000, max: 6000 }), y: fc.integer({ min: -2000, max: 6000 }) });

describe("placing added blocks below a laid-out flow", () => {
  it("never puts an added block on an existing one, keeps the added blocks' arrangement, and starts under the anchor", () => {
    fc.assert(
      fc.property(fc.array(position, { maxLength: 40 }), fc.uniqueArray(position, { minLength: 1, maxLength: 20, selector: (p) => `${p.x},${p.y}` }), position, (existing, addedList, anchor) => {
        // GIVEN existing positions, added blocks with their own layout, and an anchor
        const added = Object.fromEntries(addedList.map((p, index) => [`new-${index}`, p]));
        const before = JSON.stringify({ existing, added, anchor });
        // WHEN placed
        const placed = placeBelow(existing, added, anchor);
        // THEN every added block has a position, and none overlaps an existing block
        expect(Object.keys(placed).sort()).toEqual(Object.keys(added).sort());
        for (const spot of Object.values(placed)) {
          for (const old of existing) expect(Math.abs(spot.x - old.x) < BOX.width && Math.abs(spot.y - old.y) < BOX.height).toBe(false);
        }
        // AND the added blocks keep their offsets from each other (a pure translation)
        const [first, ...rest] = Object.keys(added);
        for (const key of rest) {
          expect(placed[key].x - placed[first].x).toBe(added[key].x - added[first].x);
          expect(placed[key].y - placed[first].y).toBe(added[key].y - added[first].y);
        }
        // AND the leftmost added block sits under the anchor, and the inputs are untouched
        expect(Math.min(...Object.values(placed).map((p: FlowPosition) => p.x))).toBe(anchor.x);
        expect(JSON.stringify({ existing, added, anchor })).toBe(before);
      }),
    );
  });
});
