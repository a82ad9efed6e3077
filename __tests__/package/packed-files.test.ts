/**
 * What the package ships, read from the file list `npm pack --dry-run --json` prints (issue 17 G):
 * every relative link in a shipped Markdown file resolves to a shipped file, the help text cites only
 * shipped documents, nothing points at a registry page that does not exist yet, the licence the
 * package names is there in full, and no metadata points at a public home the project does not have.
 *
 * `--ignore-scripts` skips prepack (the bundle and library builds, half a minute): the build output in
 * dist/ is not what these links point at, and the rest of the list does not depend on it.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";

const REPOSITORY = path.resolve(__dirname, "..", "..");

interface PackedFile {
  readonly path: string;
}

const packed: ReadonlySet<string> = new Set(
  (JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: REPOSITORY, encoding: "utf8" })) as Array<{ files: PackedFile[] }>)[0].files.map((file) => file.path),
);
const read = (file: string) => readFileSync(path.join(REPOSITORY, file), "utf8");
const markdown = [...packed].filter((file) => file.endsWith(".md")).sort();

/** Markdown link and image targets: `[text](target)` and `![alt](target)`, code spans left out. */
function linkTargets(text: string): string[] {
  const withoutCode = text.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  return [...withoutCode.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]);
}

/** Whether a relative target from `file` is a packed file, or a folder holding packed files. */
function resolvesInPackage(file: string, target: string): boolean {
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURIComponent(target.split("#")[0])));
  return packed.has(resolved) || [...packed].some((packedFile) => packedFile.startsWith(`${resolved.replace(/\/$/, "")}/`));
}

describe("the packed package", () => {
  it("ships its README and documents", () => {
    expect(markdown).toEqual(expect.arrayContaining(["README.md", "docs/use-in-your-project.md", "docs/platform-teams.md"]));
  });

  it.each(markdown)("%s links only to files the package holds, or to absolute addresses", (file) => {
    const broken = linkTargets(read(file)).filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith("#") && !resolvesInPackage(file, target));
    expect(broken).toStrictEqual([]);
  });

  it("cites in its command help only documents it ships", () => {
    const sources = ["help", ...[...packed].filter((file) => file.startsWith("bin/") && file.endsWith(".js"))];
    const commandSources = execFileSync("git", ["ls-files", "bin/commands", "bin/program.ts"], { cwd: REPOSITORY, encoding: "utf8" }).trim().split("\n");
    const cited = [...sources, ...commandSources].flatMap((file) => [...read(file).matchAll(/\bdocs\/[\w./-]+\.md\b/g)].map((match) => ({ file, document: match[0] })));
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.filter(({ document }) => !packed.has(document))).toStrictEqual([]);
  });

  it("links to no registry page, which would not exist before the package is published", () => {
    const texts = [...packed].filter((file) => /\.(md|json)$|(^|\/)help$/.test(file));
    expect(texts.filter((file) => /npmjs\.(com|org)\/package\//.test(read(file)))).toStrictEqual([]);
  });

  it("holds the full text of the licence its package.json names", () => {
    const manifest = JSON.parse(read("package.json")) as { license: string };
    expect(manifest.license).toBe("MPL-2.0");
    expect(packed.has("LICENSE")).toBe(true);
    const licence = read("LICENSE");
    expect(licence.startsWith("Mozilla Public License Version 2.0\n")).toBe(true);
    // The canonical text ends with Exhibit B; a stub or a summary would not.
    expect(licence).toMatch(/Exhibit B - "Incompatible With Secondary Licenses" Notice/);
    expect(licence.split("\n").length).toBeGreaterThan(350);
  });

  it("names no repository, homepage or issue tracker until the project has a public home", () => {
    const manifest = JSON.parse(read("package.json")) as Record<string, unknown>;
    expect(Object.keys(manifest).filter((key) => ["repository", "homepage", "bugs"].includes(key))).toStrictEqual([]);
  });
});
