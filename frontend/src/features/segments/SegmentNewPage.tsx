/** /segments/new: a segment built from nothing; once saved, its page (where a dynamic one's
 * members appear when computed, and a static one's are added). */
import { useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";
import { SegmentForm } from "./SegmentForm";

export function SegmentNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title={t("segments.new")} />
      <SegmentForm
        onSaved={(segment) =>
          void navigate({ to: "/segments/$segmentId", params: { segmentId: segment.id }, replace: true })
        }
        onCancel={() => void navigate({ to: "/segments" })}
      />
    </>
  );
}
