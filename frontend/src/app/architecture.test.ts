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

/** Shared lists: only the owning feature may GET them; every other feature uses the hook in lib/. */
const SHARED_LISTS: Record<string, string> = {
  "/api/v1/stores": "stores",
  "/api/v1/customers": "customers",
  "/api/v1/products": "catalog",
};

/** The shared list paths a source file GETs directly (multi-line calls included). */
function sharedListGets(source: string): string[] {
  return [...source.matchAll(/\bapi\.GET\(\s*"([^"]+)"/g)]
    .map((m) => m[1] ?? "")
    .filter((path) => path in SHARED_LISTS);
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

  it("stores, customers and products lists are fetched only by their own feature or lib/", () => {
    const offences: string[] = [];
    for (const file of files(featuresDir)) {
      const own = relative(featuresDir, file).split(sep)[0];
      for (const path of sharedListGets(readFileSync(file, "utf8"))) {
        if (SHARED_LISTS[path] !== own) offences.push(`${relative(featuresDir, file)} GETs ${path}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it("the shared-list scanner sees the calls it is meant to forbid", () => {
    expect(sharedListGets('api.GET("/api/v1/stores", { params })')).toEqual(["/api/v1/stores"]);
    expect(sharedListGets('api.GET(\n  "/api/v1/products",\n { params })')).toEqual(["/api/v1/products"]);
    expect(sharedListGets('api.GET("/api/v1/customers/{customer_id}", {})')).toEqual([]);
    const lib = resolve(import.meta.dirname, "../lib");
    for (const name of ["stores.ts", "customers.ts", "products.ts"]) {
      expect(sharedListGets(readFileSync(join(lib, name), "utf8")).length).toBeGreaterThan(0);
    }
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
