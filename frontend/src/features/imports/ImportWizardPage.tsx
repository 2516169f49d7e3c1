import { DownloadOutlined, InboxOutlined, StopOutlined } from "@ant-design/icons";
import { getRouteApi, Link } from "@tanstack/react-router";
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Flex,
  Progress,
  Radio,
  Select,
  Statistic,
  Steps,
  Table,
  type TableColumnsType,
  Tooltip,
  Typography,
  Upload,
} from "antd";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState, ProblemAlert, useProblemMessage } from "../../components/ProblemAlert";
import { toProblem } from "../../lib/api/problem";
import { useCancelJob } from "../../lib/exports";
import {
  assign,
  downloadErrors,
  ENDED,
  type Import,
  importPercent,
  LIST_PATH,
  MATCH_BY,
  type Mapping,
  type MatchBy,
  mappingBody,
  POLICIES,
  type Policy,
  type Resource,
  useImport,
  useResumeImport,
  useStartImport,
  useUpload,
} from "./api";

const customerRoute = getRouteApi("/_app/customers/import");
const productRoute = getRouteApi("/_app/products/import");
const COUNTS = ["read", "created", "updated", "skipped", "failed"] as const;

/** The wording that names the records (customers or products); the rest is shared. */
type Worded = "title" | "toList" | "mappingHelp" | "duplicates" | "duplicatesHelp" | `policyHelp.${Policy}`;
function useWords(resource: Resource) {
  const { t } = useTranslation();
  return (key: Worded) => t(`imports.${resource}.${key}`);
}

/** Import customers (/customers/import). */
export function ImportWizardPage() {
  const search = customerRoute.useSearch();
  const navigate = customerRoute.useNavigate();
  return (
    <ImportWizard resource="customers" id={search.id} go={(id) => navigate({ search: id ? { id } : {} })} />
  );
}

/** Import products (/products/import). */
export function ProductImportWizardPage() {
  const search = productRoute.useSearch();
  const navigate = productRoute.useNavigate();
  return (
    <ImportWizard resource="products" id={search.id} go={(id) => navigate({ search: id ? { id } : {} })} />
  );
}

/** Upload → mapping and preview → duplicates → progress → report. The import's id is in the
 * URL, so a reload (or coming back later) finds it where it is. */
function ImportWizard({ resource, id, go }: { resource: Resource; id?: string; go: (id?: string) => void }) {
  const { t } = useTranslation();
  const words = useWords(resource);
  const item = useImport(id);
  const [options, setOptions] = useState(false);

  const status = item.data?.status;
  const step = !id ? 0 : status === "previewed" ? (options ? 2 : 1) : status === "running" ? 3 : 4;
  const steps = ["upload", "mapping", "options", "progress", "report"].map((s) => ({
    title: t(`imports.steps.${s}`),
  }));

  return (
    <>
      <PageHeader
        title={words("title")}
        extra={
          <Link to={LIST_PATH[resource]}>
            <Button>{words("toList")}</Button>
          </Link>
        }
      />
      <Steps current={step} items={steps} size="small" style={{ marginBottom: 24 }} responsive />
      {step === 0 ? (
        <UploadStep resource={resource} onUploaded={go} />
      ) : item.isError ? (
        <ErrorState error={item.error} />
      ) : !item.data ? (
        <Card loading />
      ) : step === 1 || step === 2 ? (
        <ChooseSteps item={item.data} options={options} setOptions={setOptions} />
      ) : step === 3 ? (
        <ProgressStep item={item.data} />
      ) : (
        <ReportStep item={item.data} onAnother={() => go()} />
      )}
    </>
  );
}

function UploadStep({ resource, onUploaded }: { resource: Resource; onUploaded: (id: string) => void }) {
  const { t } = useTranslation();
  const upload = useUpload(resource);
  return (
    <Flex vertical gap={16}>
      <Typography.Paragraph type="secondary">{t("imports.uploadHelp")}</Typography.Paragraph>
      <Upload.Dragger
        accept=".csv,.txt,.xlsx"
        multiple={false}
        showUploadList={false}
        disabled={upload.isPending}
        beforeUpload={(file) => {
          upload.mutate(file, { onSuccess: (created) => onUploaded(created.id) });
          return false;
        }}
        data-testid="import-upload"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{upload.isPending ? t("imports.uploading") : t("imports.dropHere")}</p>
        <p className="ant-upload-hint">{t("imports.limits")}</p>
      </Upload.Dragger>
      {upload.isError ? <ProblemAlert error={upload.error} /> : null}
    </Flex>
  );
}

function FileFacts({ item }: { item: Import }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }} data-testid="import-facts">
      <Descriptions.Item label={t("imports.fileName")}>{item.file_name}</Descriptions.Item>
      <Descriptions.Item label={t("imports.format")}>{item.format.toUpperCase()}</Descriptions.Item>
      {item.format === "csv" ? (
        <>
          <Descriptions.Item label={t("imports.encoding")}>
            <span data-testid="import-encoding">{item.encoding}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t("imports.delimiter")}>
            {t(`imports.delimiters.${delimiterKey(item.delimiter)}`)}
          </Descriptions.Item>
        </>
      ) : null}
    </Descriptions>
  );
}

function delimiterKey(d: string): string {
  return (
    ({ ",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe" } as Record<string, string>)[d] ?? "comma"
  );
}

type PreviewRow = Import["preview"][number];

function ChooseSteps({
  item,
  options,
  setOptions,
}: {
  item: Import;
  options: boolean;
  setOptions: (v: boolean) => void;
}) {
  const { t } = useTranslation();
  const words = useWords(item.resource);
  const [mapping, setMapping] = useState<Mapping>(() =>
    Object.fromEntries(item.headers.map((h) => [h, item.mapping[h]])),
  );
  const [policy, setPolicy] = useState<Policy>("skip");
  const offered = MATCH_BY[item.resource];
  const [matchBy, setMatchBy] = useState<MatchBy>(item.match_by);
  const [dryRun, setDryRun] = useState(false);
  const start = useStartImport(item.id);
  const mapped = new Set(Object.values(mapping).filter(Boolean));
  const missing = item.fields.filter((f) => f.must_map && !mapped.has(f.field));
  // Needed by a new record but not by an update: rows that create without it fail, naming it.
  const needed = item.fields.filter((f) => f.required && !f.must_map && !mapped.has(f.field));
  const fieldOptions = item.fields.map((f) => ({ value: f.field, label: f.label }));
  const labelOf = (field: string) => item.fields.find((f) => f.field === field)?.label ?? field;
  const matchable = offered.filter((m) => mapped.has(m));
  useEffect(() => {
    if (matchable.length && !matchable.includes(matchBy)) setMatchBy(matchable[0] ?? item.match_by);
  }, [matchable, matchBy, item.match_by]);

  const columns: TableColumnsType<PreviewRow> = [
    { key: "row", title: t("imports.row"), width: 64, render: (_, r) => r.row, fixed: "left" },
    ...item.headers.map((header, index) => ({
      key: header,
      title: (
        <Flex vertical gap={4} style={{ minWidth: 140 }}>
          <Typography.Text strong>{header}</Typography.Text>
          <Select
            size="small"
            allowClear
            placeholder={t("imports.skipColumn")}
            value={mapping[header]}
            options={fieldOptions}
            onChange={(value: string | undefined) => setMapping(assign(mapping, header, value))}
            data-testid={`import-map-${index}`}
            aria-label={t("imports.mapColumn", { column: header })}
          />
        </Flex>
      ),
      render: (_: unknown, r: PreviewRow) => {
        const problems =
          mapping[header] === item.mapping[header] ? r.errors.filter((e) => e.column === header) : [];
        const text = r.cells[index] ?? "";
        return problems.length ? (
          <Tooltip title={problems.map((p) => p.reason).join("；")}>
            <Typography.Text type="danger" data-testid="import-cell-error" underline>
              {text || "—"}
            </Typography.Text>
          </Tooltip>
        ) : (
          text
        );
      },
    })),
  ];
  const errorRows = item.preview.filter((r) => r.errors.length).length;

  if (options) {
    return (
      <Card>
        <Flex vertical gap={16} style={{ maxWidth: 640 }}>
          <div>
            <Typography.Title level={5}>{words("duplicates")}</Typography.Title>
            <Typography.Paragraph type="secondary">{words("duplicatesHelp")}</Typography.Paragraph>
            <Flex gap={8} align="center" wrap>
              <span>{t("imports.matchBy")}</span>
              <Select<MatchBy>
                value={matchBy}
                style={{ minWidth: 160 }}
                onChange={setMatchBy}
                options={offered.map((m) => ({ value: m, label: labelOf(m), disabled: !mapped.has(m) }))}
                data-testid="import-match-by"
              />
            </Flex>
          </div>
          <Radio.Group
            value={policy}
            onChange={(e) => setPolicy(e.target.value as Policy)}
            data-testid="import-policy"
          >
            <Flex vertical gap={8}>
              {POLICIES.map((p) => (
                <Radio key={p} value={p} data-testid={`import-policy-${p}`}>
                  <Typography.Text strong>{t(`imports.policy.${p}`)}</Typography.Text>{" "}
                  <Typography.Text type="secondary">{words(`policyHelp.${p}`)}</Typography.Text>
                </Radio>
              ))}
            </Flex>
          </Radio.Group>
          <Checkbox
            checked={dryRun}
            onChange={(e) => setDryRun(e.target.checked)}
            data-testid="import-dry-run"
          >
            {t("imports.dryRun")}
          </Checkbox>
          <Typography.Text type="secondary">{t("imports.dryRunHelp")}</Typography.Text>
          {start.isError ? <ProblemAlert error={start.error} /> : null}
          <Flex gap={8}>
            <Button onClick={() => setOptions(false)}>{t("imports.back")}</Button>
            <Button
              type="primary"
              loading={start.isPending}
              disabled={!matchable.length && policy !== "create"}
              onClick={() =>
                start.mutate({ mapping: mappingBody(mapping), policy, match_by: matchBy, dry_run: dryRun })
              }
              data-testid="import-start"
            >
              {dryRun ? t("imports.startDryRun") : t("imports.start")}
            </Button>
          </Flex>
        </Flex>
      </Card>
    );
  }
  return (
    <Flex vertical gap={16}>
      <FileFacts item={item} />
      <Typography.Paragraph type="secondary">{words("mappingHelp")}</Typography.Paragraph>
      {errorRows ? (
        <Alert type="warning" showIcon message={t("imports.previewErrors", { count: errorRows })} />
      ) : null}
      <Table<PreviewRow>
        rowKey="row"
        size="small"
        dataSource={item.preview}
        columns={columns}
        pagination={false}
        scroll={{ x: "max-content" }}
        data-testid="import-preview"
      />
      {missing.length ? (
        <Alert
          type="error"
          showIcon
          message={t("imports.requiredMissing", { fields: missing.map((f) => f.label).join("、") })}
        />
      ) : null}
      {needed.length ? (
        <Alert
          type="info"
          showIcon
          message={t("imports.newRowsNeed", { fields: needed.map((f) => f.label).join("、") })}
          data-testid="import-new-rows-need"
        />
      ) : null}
      <Flex gap={8}>
        <Button
          type="primary"
          disabled={missing.length > 0}
          onClick={() => setOptions(true)}
          data-testid="import-next"
        >
          {t("imports.next")}
        </Button>
      </Flex>
    </Flex>
  );
}

function Counts({ counts }: { counts: Import["counts"] }) {
  const { t } = useTranslation();
  return (
    <Flex gap={32} wrap data-testid="import-counts">
      {COUNTS.map((c) => (
        <Statistic
          key={c}
          title={t(`imports.counts.${c}`)}
          value={counts[c]}
          valueStyle={c === "failed" && counts.failed ? { color: "#cf1322" } : undefined}
          data-testid={`import-count-${c}`}
          data-count={counts[c]}
        />
      ))}
    </Flex>
  );
}

function ProgressStep({ item }: { item: Import }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const problemMessage = useProblemMessage();
  const cancel = useCancelJob();
  const pct = importPercent(item);
  return (
    <Card>
      <Flex vertical gap={16}>
        <Typography.Text>{item.dry_run ? t("imports.runningDry") : t("imports.running")}</Typography.Text>
        <Progress percent={pct ?? 0} status="active" aria-label={t("imports.progressLabel")} />
        <Typography.Text type="secondary">
          {item.total
            ? t("imports.progress", { done: item.checkpoint, total: item.total })
            : t("imports.waiting")}
        </Typography.Text>
        <Counts counts={item.counts} />
        <Typography.Text type="secondary">{t("imports.keepsRunning")}</Typography.Text>
        <div>
          <Button
            icon={<StopOutlined />}
            loading={cancel.isPending}
            disabled={!item.job_id || cancel.isSuccess}
            onClick={() =>
              item.job_id &&
              cancel.mutate(item.job_id, { onError: (e) => message.error(problemMessage(toProblem(e))) })
            }
            data-testid="import-cancel"
          >
            {cancel.isSuccess ? t("imports.cancelling") : t("imports.cancel")}
          </Button>
        </div>
      </Flex>
    </Card>
  );
}

function ReportStep({ item, onAnother }: { item: Import; onAnother: () => void }) {
  const { t } = useTranslation();
  const words = useWords(item.resource);
  const { message } = App.useApp();
  const problemMessage = useProblemMessage();
  const resume = useResumeImport(item.id);
  const [downloading, setDownloading] = useState(false);
  const outcome = useMemo(
    () => (item.status === "done" ? (item.dry_run ? "dryRunDone" : "done") : item.status),
    [item.status, item.dry_run],
  );
  if (!ENDED.includes(item.status)) return null;
  return (
    <Card>
      <Flex vertical gap={16}>
        <Alert
          type={item.status === "done" ? (item.counts.failed ? "warning" : "success") : "error"}
          showIcon
          message={t(`imports.outcome.${outcome}`)}
          description={
            item.status === "done"
              ? undefined
              : t("imports.partial", { done: item.checkpoint, total: item.total ?? 0 })
          }
          data-testid="import-outcome"
          data-status={item.status}
        />
        <Counts counts={item.counts} />
        <Flex gap={8} wrap>
          {item.error_report_url ? (
            <Button
              icon={<DownloadOutlined />}
              loading={downloading}
              onClick={() => {
                setDownloading(true);
                downloadErrors(item)
                  .catch((e: unknown) => message.error(problemMessage(toProblem(e))))
                  .finally(() => setDownloading(false));
              }}
              data-testid="import-errors"
            >
              {t("imports.downloadErrors")}
            </Button>
          ) : null}
          {item.status === "failed" || item.status === "cancelled" ? (
            <Button
              type="primary"
              loading={resume.isPending}
              onClick={() => resume.mutate()}
              data-testid="import-resume"
            >
              {t("imports.resume")}
            </Button>
          ) : null}
          <Link to={LIST_PATH[item.resource]}>
            <Button type={item.status === "done" ? "primary" : "default"} data-testid="import-to-customers">
              {words("toList")}
            </Button>
          </Link>
          <Button onClick={onAnother}>{t("imports.another")}</Button>
        </Flex>
        {resume.isError ? <ProblemAlert error={resume.error} /> : null}
      </Flex>
    </Card>
  );
}
