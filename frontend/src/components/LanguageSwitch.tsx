import { GlobalOutlined } from "@ant-design/icons";
import { Select } from "antd";
import { useTranslation } from "react-i18next";
import { isLanguage, type Language, setLanguage } from "../i18n";

/** `compact` (phone header) shows the language's short name only. */
export function LanguageSwitch({
  onChanged,
  compact = false,
}: {
  onChanged?: (lang: Language) => void;
  compact?: boolean;
}) {
  const { i18n, t } = useTranslation();
  return (
    <Select
      data-testid="lang-switch"
      aria-label={t("common.language")}
      size="small"
      variant="borderless"
      suffixIcon={<GlobalOutlined />}
      value={isLanguage(i18n.language) ? i18n.language : "zh-CN"}
      style={{ width: compact ? 72 : 110 }}
      popupMatchSelectWidth={false}
      options={[
        { value: "zh-CN", label: compact ? "中文" : "简体中文" },
        { value: "en", label: compact ? "EN" : "English" },
      ]}
      onChange={(value) => {
        if (!isLanguage(value)) return;
        setLanguage(value);
        onChanged?.(value);
      }}
    />
  );
}
