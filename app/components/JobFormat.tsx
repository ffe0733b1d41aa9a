import { useMemo } from "react";
import { useTranslation } from "react-i18next";

/** Formatters in the admin user's language, for the jobs pages. */
export function useJobFormat() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
    const time = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit" });
    const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });
    const unit = (value: number, unit: "minute" | "hour") =>
      new Intl.NumberFormat(locale, {
        style: "unit",
        unit,
        unitDisplay: "short",
        maximumFractionDigits: 1,
      }).format(value);
    return {
      dateTime: (iso: string) => dateTime.format(new Date(iso)),
      time: (iso: string) => time.format(new Date(iso)),
      number: (value: number) => number.format(value),
      /** Whole percents rounded down: 100 % only once everything is done. */
      percent: (part: number, whole: number) =>
        percent.format(whole > 0 ? Math.floor(Math.min(1, part / whole) * 100) / 100 : 0),
      /** "About 3 min": rounded, as a merchant reads a countdown. */
      eta(seconds: number | null) {
        if (seconds === null) return t("jobs.eta.unknown");
        if (seconds < 60) return t("jobs.eta.underMinute");
        if (seconds < 90 * 60)
          return t("jobs.eta.about", { duration: unit(Math.round(seconds / 60), "minute") });
        return t("jobs.eta.about", { duration: unit(Math.round(seconds / 360) / 10, "hour") });
      },
    };
  }, [locale, t]);
}

// The server renders in its own time zone and the browser in the merchant's:
// the text may differ at hydration, and the browser's is the one to keep.
export function JobTime({ iso }: { iso: string }) {
  const format = useJobFormat();
  return (
    <time dateTime={iso} suppressHydrationWarning>
      {format.dateTime(iso)}
    </time>
  );
}
