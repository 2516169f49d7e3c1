import { GlobalOutlined } from "@ant-design/icons";
import { Select } from "antd";
import { useTranslation } from "react-i18next";
import { isLanguage, type Language, setLanguage } from "../i18n";

export function LanguageSwitch({ onChanged }: { onChanged?: (lang: Language) => void }) {
  const { i18n, t } = useTranslation();
  return (
    <Select
      data-testid="lang-switch"
      aria-label={t("common.language")}
      size="small"
      variant="borderless"
      suffixIcon={<GlobalOutlined />}
      value={isLanguage(i18n.language) ? i18n.language : "zh-CN"}
      style={{ width: 110 }}
      options={[
        { value: "zh-CN", label: "简体中文" },
        { value: "en", label: "English" },
      ]}
      onChange={(value) => {
        if (!isLanguage(value)) return;
        setLanguage(value);
        onChanged?.(value);
      }}
    />
  );
}
