import {
  Autocomplete,
  Banner,
  BlockStack,
  ChoiceList,
  DropZone,
  InlineStack,
  List,
  ProgressBar,
  Select,
  Tag,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useJobFormat } from "../JobFormat";

export type Source =
  | { type: "all" }
  | { type: "search"; query: string }
  | { type: "tags"; tags: string[]; match: "any" | "all" }
  | { type: "segment"; segmentId: string }
  | { type: "csv"; uploadId: string }
  | { type: "manual"; customerIds: string[] };

type UploadReport = {
  status: string;
  filename: string;
  rows: number;
  emails: number;
  matched: number;
  problemCount: number;
  unknownCount: number;
  problems: { line: number; value: string; problem: string }[];
  unknown: { line: number; email: string }[];
};

/** Who the campaign is for: one source (all, a search, tags, a segment, a CSV file, a pick). */
export function AudienceFields({
  source,
  onChange,
  segments,
  error,
}: {
  source: Source;
  onChange: (source: Source) => void;
  segments: { id: string; name: string }[];
  error?: string;
}) {
  const { t } = useTranslation();
  const types = ["all", "search", "tags", "segment", "csv", "manual"] as const;
  const start = (type: (typeof types)[number]): Source => {
    switch (type) {
      case "search":
        return { type, query: "" };
      case "tags":
        return { type, tags: [], match: "any" };
      case "segment":
        return { type, segmentId: segments[0]?.id ?? "" };
      case "csv":
        return { type, uploadId: "" };
      case "manual":
        return { type, customerIds: [] };
      default:
        return { type: "all" };
    }
  };
  return (
    <BlockStack gap="300">
      <ChoiceList
        title={t("invitations.new.sourceTitle")}
        choices={types.map((type) => ({
          value: type,
          label: t(`invitations.sources.${type}`),
          helpText: t(`invitations.sources.${type}Help`),
          disabled: type === "segment" && segments.length === 0,
        }))}
        selected={[source.type]}
        onChange={([type]) => onChange(start(type as (typeof types)[number]))}
      />
      {source.type === "search" ? (
        <TextField
          label={t("invitations.new.searchLabel")}
          helpText={t("invitations.new.searchHelp")}
          value={source.query}
          onChange={(query) => onChange({ ...source, query })}
          autoComplete="off"
          error={error}
        />
      ) : null}
      {source.type === "tags" ? (
        <TagsField source={source} onChange={onChange} error={error} />
      ) : null}
      {source.type === "segment" ? (
        <Select
          label={t("invitations.new.segmentLabel")}
          options={segments.map((s) => ({ value: s.id, label: s.name }))}
          value={source.segmentId}
          onChange={(segmentId) => onChange({ ...source, segmentId })}
          error={error}
        />
      ) : null}
      {source.type === "csv" ? (
        <CsvField
          uploadId={source.uploadId}
          onUploaded={(uploadId) => onChange({ type: "csv", uploadId })}
          error={error}
        />
      ) : null}
      {source.type === "manual" ? (
        <PickField
          ids={source.customerIds}
          onChange={(customerIds) => onChange({ type: "manual", customerIds })}
          error={error}
        />
      ) : null}
    </BlockStack>
  );
}

function TagsField({
  source,
  onChange,
  error,
}: {
  source: Extract<Source, { type: "tags" }>;
  onChange: (source: Source) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(source.tags.join(", "));
  // Shopify's tags ignore case: "VIP" and "vip" are one tag, said so rather than kept twice.
  const typed = text
    .split(",")
    .map((tag) => tag.trim())
    .filter(Boolean);
  const seen = new Map<string, string>();
  const repeats: string[] = [];
  for (const tag of typed) {
    const key = tag.toLowerCase();
    if (seen.has(key)) repeats.push(tag);
    else seen.set(key, tag);
  }
  const update = (value: string) => {
    setText(value);
    const tags = [
      ...new Map(
        value
          .split(",")
          .map((tag) => tag.trim())
          .filter(Boolean)
          .map((tag) => [tag.toLowerCase(), tag]),
      ).values(),
    ];
    onChange({ ...source, tags });
  };
  return (
    <BlockStack gap="200">
      <TextField
        label={t("invitations.new.tagsLabel")}
        helpText={t("invitations.new.tagsHelp")}
        value={text}
        onChange={update}
        autoComplete="off"
        error={error}
      />
      {repeats.length ? (
        <Text as="p" tone="caution">
          {t("invitations.new.tagsRepeated", { tags: repeats.join(", ") })}
        </Text>
      ) : null}
      <Select
        label={t("invitations.new.tagsMatch")}
        options={[
          { value: "any", label: t("invitations.new.tagsAny") },
          { value: "all", label: t("invitations.new.tagsAll") },
        ]}
        value={source.match}
        onChange={(match) => onChange({ ...source, match: match as "any" | "all" })}
      />
    </BlockStack>
  );
}

/** Sends the file as the request body, then follows its report until its customers are found. */
function CsvField({
  uploadId,
  onUploaded,
  error,
}: {
  uploadId: string;
  onUploaded: (uploadId: string) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const format = useJobFormat();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [report, setReport] = useState<UploadReport | null>(null);

  useEffect(() => {
    if (!uploadId) return;
    let stop = false;
    const poll = async () => {
      const response = await fetch(`/app/audiences/uploads/${uploadId}`);
      if (!response.ok || stop) return;
      const next = (await response.json()) as UploadReport;
      setReport(next);
      if (!stop && !["resolved", "failed"].includes(next.status)) setTimeout(poll, 1000);
    };
    void poll();
    return () => {
      stop = true;
    };
  }, [uploadId]);

  const upload = async (file: File) => {
    setBusy(true);
    setFailure(null);
    setReport(null);
    try {
      const response = await fetch(
        `/app/audiences/upload?filename=${encodeURIComponent(file.name)}`,
        {
          method: "POST",
          headers: { "Content-Type": "text/csv" },
          body: file,
        },
      );
      const body = (await response.json()) as { uploadId?: string; error?: string };
      if (!response.ok || !body.uploadId)
        setFailure(t(`invitations.csv.errors.${body.error ?? "unreadable"}`));
      else onUploaded(body.uploadId);
    } catch {
      setFailure(t("invitations.csv.errors.unreadable"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <BlockStack gap="300">
      <DropZone
        label={t("invitations.csv.label")}
        accept=".csv,text/csv,text/plain"
        type="file"
        allowMultiple={false}
        onDropAccepted={([file]) => file && void upload(file)}
        error={!!error || !!failure}
      >
        <DropZone.FileUpload
          actionTitle={t("invitations.csv.action")}
          actionHint={t("invitations.csv.hint")}
        />
      </DropZone>
      {busy ? <ProgressBar progress={50} size="small" /> : null}
      {failure ? <Banner tone="critical">{failure}</Banner> : null}
      {error && !failure ? (
        <Text as="p" tone="critical">
          {error}
        </Text>
      ) : null}
      {report ? (
        <Banner
          tone={
            report.status === "failed"
              ? "critical"
              : report.problemCount || report.unknownCount
                ? "warning"
                : "success"
          }
          title={report.filename}
        >
          <BlockStack gap="200">
            <Text as="p">
              {report.status === "resolved"
                ? t("invitations.csv.summary", {
                    rows: format.number(report.rows),
                    emails: format.number(report.emails),
                    matched: format.number(report.matched),
                  })
                : report.status === "failed"
                  ? t("invitations.csv.failed")
                  : t("invitations.csv.resolving", { emails: format.number(report.emails) })}
            </Text>
            {report.problemCount ? (
              <>
                <Text as="p">{t("invitations.csv.problems", { count: report.problemCount })}</Text>
                <List>
                  {report.problems.slice(0, 10).map((p) => (
                    <List.Item key={`${p.line}-${p.problem}`}>
                      {t("invitations.csv.problemLine", {
                        line: p.line,
                        value: p.value,
                        problem: t(`invitations.csv.problem.${p.problem}`),
                      })}
                    </List.Item>
                  ))}
                </List>
              </>
            ) : null}
            {report.unknownCount ? (
              <>
                <Text as="p">{t("invitations.csv.unknown", { count: report.unknownCount })}</Text>
                <List>
                  {report.unknown.slice(0, 10).map((u) => (
                    <List.Item key={u.line}>
                      {t("invitations.csv.unknownLine", { line: u.line, email: u.email })}
                    </List.Item>
                  ))}
                </List>
              </>
            ) : null}
          </BlockStack>
        </Banner>
      ) : null}
    </BlockStack>
  );
}

type Found = { id: string; name: string; email: string | null };

/** Customers picked by hand from a search as the merchant types. */
function PickField({
  ids,
  onChange,
  error,
}: {
  ids: string[];
  onChange: (ids: string[]) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [options, setOptions] = useState<Found[]>([]);
  const [loading, setLoading] = useState(false);
  const names = useRef(new Map<string, string>());
  useEffect(() => {
    const timer = setTimeout(async () => {
      setLoading(true);
      try {
        const response = await fetch(`/app/audiences/customers?q=${encodeURIComponent(text)}`);
        if (response.ok) setOptions(((await response.json()) as { customers: Found[] }).customers);
      } finally {
        setLoading(false);
      }
    }, 250);
    return () => clearTimeout(timer);
  }, [text]);
  for (const o of options) names.current.set(o.id, o.email ? `${o.name} <${o.email}>` : o.name);
  return (
    <BlockStack gap="200">
      <Autocomplete
        allowMultiple
        options={options.map((o) => ({ value: o.id, label: names.current.get(o.id)! }))}
        selected={ids}
        onSelect={onChange}
        loading={loading}
        textField={
          <Autocomplete.TextField
            label={t("invitations.new.pickLabel")}
            value={text}
            onChange={setText}
            autoComplete="off"
            placeholder={t("invitations.new.pickPlaceholder")}
            error={error}
          />
        }
      />
      <InlineStack gap="200">
        {ids.map((id) => (
          <Tag key={id} onRemove={() => onChange(ids.filter((other) => other !== id))}>
            {names.current.get(id) ?? id}
          </Tag>
        ))}
      </InlineStack>
    </BlockStack>
  );
}
