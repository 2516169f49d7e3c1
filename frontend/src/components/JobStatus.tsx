/** How a job reads to people: its state, its progress and, once it has ended, what it made or why not. */
import { DownloadOutlined, StopOutlined } from "@ant-design/icons";
import { Link } from "@tanstack/react-router";
import { App, Button, Flex, Progress, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { toProblem } from "../lib/api/problem";
import {
  downloadJobFile,
  exportResult,
  isActive,
  type Job,
  type JobState,
  percent,
  useCancelJob,
} from "../lib/exports";
import { useProblemMessage } from "./ProblemAlert";

const STATE_COLORS: Record<JobState, string> = {
  queued: "default",
  running: "processing",
  succeeded: "success",
  failed: "error",
  cancelled: "warning",
};

export function JobStateTag({ job }: { job: Pick<Job, "state" | "cancel_requested"> }) {
  const { t } = useTranslation();
  const state = job.cancel_requested && isActive(job) ? "cancelling" : job.state;
  return (
    <Tag color={STATE_COLORS[job.state]} data-testid="job-state" data-state={job.state}>
      {t(`exports.state.${state}`)}
    </Tag>
  );
}

/** The bar while a job works; the rows once it succeeded; the reason once it failed. */
export function JobProgress({ job }: { job: Job }) {
  const { t } = useTranslation();
  if (isActive(job)) {
    const pct = percent(job);
    return (
      <Flex vertical gap={2} style={{ minWidth: 100, width: "100%" }}>
        <Progress
          percent={pct ?? 0}
          status="active"
          showInfo={pct !== undefined}
          size="small"
          aria-label={t("exports.progressLabel")}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {job.progress.total
            ? t("exports.progress", { done: job.progress.done, total: job.progress.total })
            : t("exports.waiting")}
        </Typography.Text>
      </Flex>
    );
  }
  if (job.state === "failed") {
    return (
      <Typography.Text type="danger" data-testid="job-error" style={{ overflowWrap: "anywhere" }}>
        {job.error || t("exports.failed")}
      </Typography.Text>
    );
  }
  if (job.state === "succeeded") {
    const { rows } = exportResult(job);
    return (
      <Typography.Text data-testid="job-rows">{t("exports.rows", { count: rows ?? 0 })}</Typography.Text>
    );
  }
  return null;
}

/** Cancel while it works; download once it succeeded (while the file is kept). `iconOnly` for a
 * phone's narrow table (the words are then the buttons' accessible names). */
export function JobActions({
  job,
  size,
  iconOnly,
}: {
  job: Job;
  size?: "small" | "middle";
  iconOnly?: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const problemMessage = useProblemMessage();
  const cancel = useCancelJob();
  const [downloading, setDownloading] = useState(false);
  const fail = (e: unknown) => message.error(problemMessage(toProblem(e)));

  if (isActive(job)) {
    return (
      <Button
        size={size}
        icon={<StopOutlined />}
        loading={cancel.isPending}
        disabled={job.cancel_requested}
        onClick={() => cancel.mutate(job.id, { onError: fail })}
        data-testid="job-cancel"
        aria-label={t("exports.cancel")}
        title={iconOnly ? t("exports.cancel") : undefined}
      >
        {iconOnly ? null : t("exports.cancel")}
      </Button>
    );
  }
  const importId = job.kind.startsWith("import.") ? job.result?.import_id : undefined;
  if (typeof importId === "string") {
    // An import keeps no file on the job: its counts and error report are on its own page.
    return (
      <Link
        to={job.kind === "import.products" ? "/products/import" : "/customers/import"}
        search={{ id: importId }}
        data-testid="job-open-import"
      >
        <Button size={size}>{t("exports.openImport")}</Button>
      </Link>
    );
  }
  if (job.state === "succeeded") {
    return job.file_url ? (
      <Button
        size={size}
        type="primary"
        icon={<DownloadOutlined />}
        loading={downloading}
        onClick={() => {
          setDownloading(true);
          downloadJobFile(job)
            .catch(fail)
            .finally(() => setDownloading(false));
        }}
        data-testid="job-download"
        aria-label={t("exports.download")}
        title={iconOnly ? t("exports.download") : undefined}
      >
        {iconOnly ? null : t("exports.download")}
      </Button>
    ) : (
      <Typography.Text type="secondary" style={{ whiteSpace: "nowrap" }}>
        {t("exports.expired")}
      </Typography.Text>
    );
  }
  return null;
}
