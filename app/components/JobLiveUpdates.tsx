import { useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";

/**
 * Reloads the page's data every `intervalMs` while `live` (a job still moving),
 * only while the tab is visible and nothing else is loading; stops once the job
 * is finished. A tab coming back into view is brought up to date at once.
 */
export function useLiveRevalidation(live: boolean, intervalMs = 2_000) {
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  const idle = useRef(true);
  idle.current = revalidator.state === "idle" && navigation.state === "idle";
  const { revalidate } = revalidator;

  useEffect(() => {
    if (!live) return;
    let timer: ReturnType<typeof setInterval> | undefined;
    const tick = () => {
      if (idle.current) revalidate();
    };
    const stop = () => {
      clearInterval(timer);
      timer = undefined;
    };
    const start = () => {
      stop();
      if (document.visibilityState === "visible") timer = setInterval(tick, intervalMs);
    };
    const onVisibility = () => {
      if (document.visibilityState === "visible") tick();
      start();
    };
    start();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      stop();
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [live, intervalMs, revalidate]);
}

/** The path a navigation is loading, or null: a page shows the next page's skeleton meanwhile. */
export function usePendingPath() {
  const navigation = useNavigation();
  return navigation.state === "loading" ? navigation.location.pathname : null;
}
