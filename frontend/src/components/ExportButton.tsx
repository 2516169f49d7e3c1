/** "Export" on a list page: choose the format (and columns), start the job for the list as it is
 * filtered, follow it, and download the file when it is ready. */
import { ExportOutlined } from "@ant-design/icons";
import { Link } from "@tanstack/react-router";
import { Alert, Button, Checkbox, Flex, Form, Modal, Radio, Switch, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useCan } from "../lib/auth/me";
import {
  type ExportBody,
  type ExportChoice,
  type ExportFormat,
  filterCount,
  isActive,
  useJob,
  useStartExport,
} from "../lib/exports";
import { JobActions, JobProgress, JobStateTag } from "./JobStatus";
import { ProblemAlert } from "./ProblemAlert";

interface Props<C extends string> {
  /** customers:export or orders:export: without it there is no button. */
  permission: string;
  /** The columns one may pick, in the file's order. */
  columns: { value: C; label: string }[];
  /** The body for the page's current filters. */
  build: (choice: ExportChoice<C>) => ExportBody;
}

export function ExportButton<C extends string>({ permission, columns, build }: Props<C>) {
  const { t } = useTranslation();
  const allowed = useCan(permission);
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState<ExportFormat>("xlsx");
  const [excelBom, setExcelBom] = useState(true);
  const [picked, setPicked] = useState<C[]>(() => columns.map((c) => c.value));
  const [jobId, setJobId] = useState<string>();
  const start = useStartExport();
  const job = useJob(jobId);
  if (!allowed) return null;

  const close = () => {
    setOpen(false);
    // A finished job is done with; a working one stays on the "My exports" page.
    setJobId(undefined);
    start.reset();
  };
  const submit = () => {
    const all = picked.length === columns.length;
    start.mutate(build({ format, excelBom, columns: all ? [] : picked }), {
      onSuccess: (j) => setJobId(j.id),
    });
  };
  const current = job.data;
  // Said before the export starts, so that nobody exports the whole list by mistake (or a part).
  const filters = filterCount(build({ format, excelBom, columns: [] }).filters);

  return (
    <>
      <Button
        icon={<ExportOutlined />}
        onClick={() => {
          // Every column each time it opens: the custom fields' columns may have loaded since.
          setPicked(columns.map((c) => c.value));
          setOpen(true);
        }}
        data-testid="export-open"
      >
        {t("exports.export")}
      </Button>
      <Modal
        open={open}
        title={t("exports.dialogTitle")}
        onCancel={close}
        destroyOnHidden
        footer={
          current ? (
            <Flex justify="space-between" align="center" wrap gap={8}>
              <Link to="/exports" onClick={close}>
                {t("exports.myExports")}
              </Link>
              <Flex gap={8}>
                <JobActions job={current} />
                {isActive(current) ? null : <Button onClick={close}>{t("exports.close")}</Button>}
              </Flex>
            </Flex>
          ) : (
            <Flex justify="end" gap={8}>
              <Button onClick={close}>{t("common.cancel")}</Button>
              <Button
                type="primary"
                loading={start.isPending || Boolean(jobId)}
                disabled={picked.length === 0}
                onClick={submit}
                data-testid="export-start"
              >
                {t("exports.start")}
              </Button>
            </Flex>
          )
        }
      >
        {current ? (
          <Flex vertical gap={12} data-testid="export-job">
            <Flex gap={8} align="center" wrap>
              <JobStateTag job={current} />
              <JobProgress job={current} />
            </Flex>
            {isActive(current) ? (
              <Typography.Text type="secondary">{t("exports.keepsRunning")}</Typography.Text>
            ) : null}
          </Flex>
        ) : (
          <Form layout="vertical" requiredMark={false}>
            <Alert
              type="info"
              showIcon
              title={filters ? t("exports.filtered", { count: filters }) : t("exports.unfiltered")}
              style={{ marginBottom: 16 }}
              data-testid="export-scope"
            />
            <ProblemAlert error={start.error} />
            <Form.Item label={t("exports.format")}>
              <Radio.Group
                value={format}
                onChange={(e) => setFormat(e.target.value)}
                options={[
                  { value: "xlsx", label: t("exports.formatXlsx") },
                  { value: "csv", label: t("exports.formatCsv") },
                ]}
                optionType="button"
                data-testid="export-format"
              />
            </Form.Item>
            {format === "csv" ? (
              <Form.Item label={t("exports.excelBom")} extra={t("exports.excelBomHelp")}>
                <Switch checked={excelBom} onChange={setExcelBom} data-testid="export-bom" />
              </Form.Item>
            ) : null}
            <Form.Item
              label={t("exports.columnsLabel")}
              validateStatus={picked.length ? undefined : "error"}
              help={picked.length ? undefined : t("exports.pickColumns")}
            >
              <Checkbox.Group
                value={picked}
                onChange={(v) => setPicked(columns.map((c) => c.value).filter((c) => v.includes(c)))}
              >
                <Flex wrap gap={8}>
                  {columns.map((c) => (
                    <Checkbox key={c.value} value={c.value} style={{ minWidth: 120 }}>
                      {c.label}
                    </Checkbox>
                  ))}
                </Flex>
              </Checkbox.Group>
            </Form.Item>
          </Form>
        )}
      </Modal>
    </>
  );
}
