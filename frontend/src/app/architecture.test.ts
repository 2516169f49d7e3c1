import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

const featuresDir = resolve(import.meta.dirname, "../features");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe("layout rules", () => {
  it("no feature imports from another feature or from app/", () => {
    const offences: string[] = [];
    for (const file of files(featuresDir)) {
      const own = relative(featuresDir, file).split(sep)[0];
      for (const m of readFileSync(file, "utf8").matchAll(/from "(\.[^"]+)"/g)) {
        const target = resolve(file, "..", m[1] ?? "");
        const rel = relative(featuresDir, target);
        const outside = rel.startsWith("..");
        if (!outside && rel.split(sep)[0] !== own) offences.push(`${relative(featuresDir, file)} → ${m[1]}`);
        if (outside && relative(resolve(featuresDir, "../app"), target).split(sep)[0] !== "..") {
          offences.push(`${relative(featuresDir, file)} → ${m[1]}`);
        }
      }
    }
    expect(offences).toEqual([]);
  });

  it("the access token is never written to web storage", () => {
    const src = resolve(import.meta.dirname, "..");
    const leaks = files(src)
      .filter((f) => !f.endsWith(".test.ts"))
      .filter((f) =>
        /(localStorage|sessionStorage)\.setItem\([^)]*(token|access)/i.test(readFileSync(f, "utf8")),
      );
    expect(leaks).toEqual([]);
  });
});
