import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import en from "./en.json";
import zhCN from "./zh-CN.json";

function flatten(obj: unknown, prefix = ""): string[] {
  if (typeof obj !== "object" || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith(".test.ts") && !name.endsWith(".d.ts") ? [path] : [];
  });
}

const srcDir = join(import.meta.dirname, "..");
const zhKeys = new Set(flatten(zhCN));
const enKeys = new Set(flatten(en));

describe("translations", () => {
  it("zh-CN and en have exactly the same keys", () => {
    expect([...zhKeys].filter((k) => !enKeys.has(k))).toEqual([]);
    expect([...enKeys].filter((k) => !zhKeys.has(k))).toEqual([]);
  });

  it("no translation is empty", () => {
    const empties = (obj: unknown, prefix = ""): string[] =>
      typeof obj === "string"
        ? obj.trim() === ""
          ? [prefix]
          : []
        : Object.entries(typeof obj === "object" && obj !== null ? obj : {}).flatMap(([k, v]) =>
            empties(v, prefix ? `${prefix}.${k}` : k),
          );
    expect(empties(zhCN)).toEqual([]);
    expect(empties(en)).toEqual([]);
  });

  it("every literal key used in the source exists", () => {
    const used = new Set<string>();
    for (const file of sourceFiles(srcDir)) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/\bt\("([a-zA-Z0-9_.]+)"/g)) if (m[1]) used.add(m[1]);
      for (const m of text.matchAll(/labelKey: "([a-zA-Z0-9_.]+)"/g)) if (m[1]) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => !zhKeys.has(k))).toEqual([]);
  });

  it("every enum value shown through a dynamic key has a label", () => {
    const families: Record<string, string[]> = {
      "customers.stage": ["lead", "prospect", "customer", "vip", "churned"],
      "customers.gender": ["male", "female", "unknown"],
      "users.status": ["active", "invited", "inactive"],
      "users.scope": ["all", "region", "store", "own"],
      "stores.status": ["active", "closed"],
      "tickets.status": ["new", "open", "pending", "resolved", "closed"],
      "tickets.priority": ["low", "normal", "high", "urgent"],
      "tickets.sla": ["ok", "at_risk", "breached", "paused", "met"],
      "tickets.channel": ["staff", "portal", "email", "api"],
      "tickets.actions": ["start", "wait", "resolve", "reopen", "close"],
    };
    const missing = Object.entries(families).flatMap(([prefix, values]) =>
      values.map((v) => `${prefix}.${v}`).filter((k) => !zhKeys.has(k)),
    );
    expect(missing).toEqual([]);
  });
});
