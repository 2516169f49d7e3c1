import { LeftOutlined, RightOutlined } from "@ant-design/icons";
import { Button, Flex } from "antd";
import { useTranslation } from "react-i18next";
import { nextPage, type PageState, previousPage } from "../lib/paging";

/** Keyset paging: "next" follows next_cursor, "previous" pops the stack of cursors kept in the URL. */
export function CursorPager({
  state,
  nextCursor,
  onChange,
}: {
  state: PageState;
  nextCursor: string | null | undefined;
  onChange: (state: PageState) => void;
}) {
  const { t } = useTranslation();
  const hasPrev = (state.prev?.length ?? 0) > 0 || Boolean(state.cursor);
  return (
    <Flex justify="flex-end" gap={8} style={{ marginTop: 16 }}>
      <Button
        icon={<LeftOutlined />}
        disabled={!hasPrev}
        onClick={() => onChange(previousPage(state))}
        data-testid="page-prev"
      >
        {t("common.prevPage")}
      </Button>
      <Button
        disabled={!nextCursor}
        onClick={() => nextCursor && onChange(nextPage(state, nextCursor))}
        data-testid="page-next"
      >
        {t("common.nextPage")} <RightOutlined />
      </Button>
    </Flex>
  );
}
