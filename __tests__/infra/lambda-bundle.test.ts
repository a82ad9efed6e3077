/**
 * The handler bundles as reproducible zips.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { unzipSync } from "fflate";
import { MissingBundleError, writeBundleZip, zipBundle } from "../../infra/lambda-bundle";
import { writeFixtureBundles } from "./support/synthesized-stack";

const code = new TextEncoder().encode('exports.handler = async () => ({ ok: "yes" });\n');

it("holds one entry, index.js, with the bundle's bytes", () => {
  expect(unzipSync(zipBundle(code))).toEqual({ "index.js": code });
});

it("gives the same bytes whatever the time zone", () => {
  const original = process.env.TZ;
  try {
    process.env.TZ = "UTC";
    const utc = zipBundle(code);
    process.env.TZ = "Pacific/Kiritimati";
    const far = zipBundle(code);
    process.env.TZ = "America/Los_Angeles";
    expect(zipBundle(code)).toEqual(utc);
    expect(far).toEqual(utc);
  } finally {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  }
});

it("writes the same zip for the same bundle in different folders", () => {
  const a = writeBundleZip(writeFixtureBundles(), "start");
  const b = writeBundleZip(writeFixtureBundles(), "start");
  expect(path.basename(a)).toBe("start.zip");
  expect(fs.readFileSync(a)).toEqual(fs.readFileSync(b));
});

it("says to run npm run build when the bundle is missing", () => {
  expect(() => writeBundleZip("/nonexistent/dist/handlers", "poll")).toThrow(MissingBundleError);
  expect(() => writeBundleZip("/nonexistent/dist/handlers", "poll")).toThrow(/run npm run build/);
});
