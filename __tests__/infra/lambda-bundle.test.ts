/**
 * The handler bundles as reproducible zips.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { unzipSync } from "fflate";
import { BundleFileNameError, MissingBundleError, writeBundleZip, zipBundle } from "../../infra/lambda-bundle";
import { writeFixtureBundles } from "./support/synthesized-stack";

const code = new TextEncoder().encode('exports.handler = async () => ({ ok: "yes" });\n');

it("holds one entry, index.js, with the bundle's bytes", () => {
  expect(unzipSync(zipBundle(code))).toEqual({ "index.js": code });
});

it("ships extra files beside index.js, in name order whatever order they were given in", () => {
  // GIVEN the same files in two orders
  const forwards = zipBundle(code, { "operations.json": '{"demo":{}}', "a-first.txt": "a" });
  const backwards = zipBundle(code, { "a-first.txt": "a", "operations.json": '{"demo":{}}' });
  // THEN the zips are byte-identical, hold every file, and list them by name
  expect(backwards).toEqual(forwards);
  const entries = unzipSync(forwards);
  expect(Object.keys(entries)).toEqual(["a-first.txt", "index.js", "operations.json"]);
  expect(new TextDecoder().decode(entries["operations.json"])).toBe('{"demo":{}}');
  expect(entries["index.js"]).toEqual(code);
});

it.each(["index.js", "config/operations.json", "../operations.json", ".hidden", ""])("refuses an extra file named %j", (fileName) => {
  expect(() => zipBundle(code, { [fileName]: "{}" })).toThrow(BundleFileNameError);
  expect(() => zipBundle(code, { [fileName]: "{}" })).toThrow(/give a plain file name other than index\.js/);
});

it("changes the zip, and so the function's code hash, when an extra file changes", () => {
  expect(zipBundle(code, { "operations.json": '{"a":1}' })).not.toEqual(zipBundle(code, { "operations.json": '{"a":2}' }));
});

it("gives the same bytes whatever the time zone", () => {
  const original = process.env.TZ;
  try {
    process.env.TZ = "UTC";
    const utc = zipBundle(code, { "operations.json": "{}" });
    process.env.TZ = "Pacific/Kiritimati";
    const far = zipBundle(code, { "operations.json": "{}" });
    process.env.TZ = "America/Los_Angeles";
    expect(zipBundle(code, { "operations.json": "{}" })).toEqual(utc);
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
