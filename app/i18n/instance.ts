import { createInstance, type i18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { i18nOptions, type Locale } from "./config";

// A fresh instance per server request (users in different languages at once),
// one per browser page on the client.
export function createI18n(locale: Locale): i18n {
  const instance = createInstance();
  void instance.use(initReactI18next).init({ ...i18nOptions(locale), initImmediate: false });
  return instance;
}
