import { describe, expect, it } from "vitest";
import i18n from "../../i18n";
import {
  actionLabel,
  actionOptions,
  fieldLabel,
  targetTypeLabel,
  targetTypeOptions,
  valueLabel,
} from "./labels";

describe("audit labels", () => {
  const t = i18n.t.bind(i18n);

  it("names actions, record types, fields and status values in the current language", async () => {
    await i18n.changeLanguage("zh-CN");
    expect(actionLabel(t, "order.approved")).toBe("审批通过订单");
    expect(actionLabel(t, "auth.login")).toBe("登录");
    expect(targetTypeLabel(t, "kb_article")).toBe("知识库文章");
    expect(fieldLabel(t, "home_store_id")).toBe("所属门店");
    expect(valueLabel(t, "order", "status", "pending_approval")).toBe("待审批");
    expect(valueLabel(t, "order", "note", "pending_approval")).toBe("pending_approval");
    await i18n.changeLanguage("en");
    expect(actionLabel(t, "order.approved")).toBe("Order approved");
    expect(valueLabel(t, "ticket", "status", "resolved")).toBe(i18n.t("tickets.status.resolved"));
    await i18n.changeLanguage("zh-CN");
  });

  it("offers every action once, grouped by area, and every record type", () => {
    const groups = actionOptions(t);
    const values = groups.flatMap((g) => g.options.map((o) => o.value));
    expect(new Set(values).size).toBe(values.length);
    expect(groups.find((g) => g.options.some((o) => o.value === "auth.login"))?.label).toBe("登录与账号");
    expect(groups.find((g) => g.options.some((o) => o.value === "order.shipped"))?.label).toBe("订单");
    expect(targetTypeOptions(t).map((o) => o.value)).toContain("ticket_category");
  });
});
