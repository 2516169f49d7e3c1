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

/** What the server can send that the SPA must put into words, published with the contract
 * (openapi/codes.json, written by `python -m api openapi`; a server test fails when it is stale). */
interface Codes {
  permissions: string[];
  audit_actions: string[];
  audit_target_types: string[];
  problem_codes: string[];
}
const codes: Codes = JSON.parse(readFileSync(join(srcDir, "../../openapi/codes.json"), "utf8"));
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
      "orders.fulfilmentStatus": ["packed", "shipped", "delivered", "cancelled"],
    };
    // Enums the contract spells out are read from it, so a new value cannot go unlabelled.
    const schemas = JSON.parse(readFileSync(join(srcDir, "../../openapi/openapi.json"), "utf8")).components
      .schemas;
    families["orders.status"] = schemas.OrderStatus.enum;
    families["tickets.status"] = schemas.TicketStatus.enum;
    // The segment builder names every operator and field group of the contract, and each kind and state.
    families["segments.operators"] = schemas.Op.enum;
    families["segments.groups"] = schemas.Group.enum;
    families["segments.kind"] = schemas.Segment.properties.kind.enum;
    families["segments.state"] = schemas.Segment.properties.state.enum;
    // Campaigns name every status, action and channel of the contract.
    families["campaigns.status"] = schemas.CampaignStatus.enum;
    families["campaigns.actions"] = schemas.CampaignAction.enum;
    families["campaigns.channel"] = schemas.Campaign.properties.channel.enum;
    families["timeline.channel"] = schemas.Campaign.properties.channel.enum;
    expect(families["campaigns.status"]).toContain("pending_approval");
    expect(families["segments.operators"]).toContain("in_last_days");
    expect(families["orders.status"]).toContain("pending_approval");
    const missing = Object.entries(families).flatMap(([prefix, values]) =>
      values.map((v) => `${prefix}.${v}`).filter((k) => !zhKeys.has(k)),
    );
    expect(missing).toEqual([]);
  });

  it("every code the server can send has words in both languages", () => {
    expect(codes.permissions.length).toBeGreaterThan(30);
    expect(codes.audit_actions.length).toBeGreaterThan(60);
    expect(codes.problem_codes.length).toBeGreaterThan(40);
    const needed = [
      ...codes.permissions.flatMap((code) => {
        const [resource, action] = code.split(":");
        return [
          `permissions.codes.${resource}.${action}.label`,
          `permissions.codes.${resource}.${action}.description`,
          `permissions.groups.${resource}`,
        ];
      }),
      ...codes.audit_actions.map((action) => `audit.actions.${action}`),
      ...codes.audit_target_types.map((type) => `audit.targetTypes.${type}`),
      ...codes.problem_codes.map((code) => `problemCode.${code}`),
      // An order's and a ticket's timeline rows are the recorder's changes: the same names.
      ...codes.audit_actions.filter((a) => a.startsWith("order.")).map((a) => `orders.event.${a.slice(6)}`),
      ...codes.audit_actions.filter((a) => a.startsWith("ticket.")).map((a) => `tickets.event.${a.slice(7)}`),
    ];
    expect(needed.filter((k) => !zhKeys.has(k))).toEqual([]);
    expect(needed.filter((k) => !enKeys.has(k))).toEqual([]);
  });

  it("the audit filters offer exactly the server's actions and record types", () => {
    const offered = [...zhKeys].filter((k) => k.startsWith("audit.actions.")).map((k) => k.slice(14));
    expect(offered.sort()).toEqual([...codes.audit_actions].sort());
    const types = [...zhKeys].filter((k) => k.startsWith("audit.targetTypes.")).map((k) => k.slice(18));
    expect(types.sort()).toEqual([...codes.audit_target_types].sort());
  });

  it("no component renders a raw code", () => {
    // A code reaches the screen when it is rendered as it is, or offered as a translation's fallback.
    const CODE_FIELDS = "action|code|kind|status|target_type|actor_type|resource|scope|channel|priority";
    const patterns = [
      new RegExp(`>\\s*\\{\\s*[\\w?.]+\\.(${CODE_FIELDS})\\s*\\}`), // <span>{e.action}</span>
      new RegExp(`=>\\s*[\\w?.]+\\.(${CODE_FIELDS})\\s*[,}\\n]`), // render: (_, e) => e.action,
      new RegExp(`\\bt\\(\\s*\`[^\`]*\`\\s*,\\s*[\\w?.]+\\.(${CODE_FIELDS})\\s*\\)`), // t(`x.${k}`, e.kind)
      /\blabel:\s*[\w?.]+\.(key|code|action)\b/, // { value: p.key, label: p.key }
      /dataIndex:\s*"(action|kind|status|target_type|actor_type|channel|priority)"/,
    ];
    const offences: string[] = [];
    for (const file of sourceFiles(srcDir).filter((f) => f.endsWith(".tsx"))) {
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, i) => {
          if (patterns.some((p) => p.test(line)))
            offences.push(`${file.slice(srcDir.length + 1)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offences).toEqual([]);
    // The scanner sees what it forbids.
    const seen = (line: string) => patterns.some((p) => p.test(line));
    const dollar = "$"; // the sample lines are source text, not templates
    expect(seen("<Tag>{e.action}</Tag>")).toBe(true);
    expect(seen("render: (_, e) => e.status,")).toBe(true);
    expect(seen(`{t(\`orders.event.${dollar}{e.kind}\`, e.kind)}`)).toBe(true);
    expect(seen("map((p) => ({ value: p.key, label: p.key }))")).toBe(true);
    expect(seen(`<Tag>{t(\`orders.status.${dollar}{o.status}\`)}</Tag>`)).toBe(false);
  });
});
