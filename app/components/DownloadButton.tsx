import { useAppBridge } from "@shopify/app-bridge-react";
import { Button } from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * Downloads a file from one of the app's own routes. The embedded app's
 * fetches carry the session token (App Bridge adds it), which a plain link
 * opened by the browser would not, so the file is fetched, then saved.
 */
export function DownloadButton({
  url,
  children,
  variant,
}: {
  url: string;
  children: string;
  variant?: "primary" | "plain";
}) {
  const { t } = useTranslation();
  const shopify = useAppBridge();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const name =
        /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ??
        "download";
      const link = document.createElement("a");
      link.href = URL.createObjectURL(await response.blob());
      link.download = name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch {
      shopify.toast.show(t("downloads.failed"), { isError: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button onClick={download} loading={busy} variant={variant}>
      {children}
    </Button>
  );
}
