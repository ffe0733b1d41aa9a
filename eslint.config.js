import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules",
      "build",
      "app/generated",
      "app/types",
      "extensions/*/dist",
      "test-results",
      ".cache",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": ["error", { allow: ["warn", "error", "info"] }],
    },
  },
  {
    files: ["scripts/**", "test/**", "**/*.test.ts", "**/*.bench.ts", "**/*.e2e.ts"],
    rules: { "no-console": "off" },
  },
  {
    // Plain browser scripts of the demo's local admin (served as they are, no bundler).
    files: ["test/store/admin/public/**/*.js"],
    languageOptions: { sourceType: "script", globals: globals.browser },
    rules: { "no-var": "off", "prefer-rest-params": "off" },
  },
  {
    files: ["**/*.mjs", "**/*.js"],
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        URL: "readonly",
        URLSearchParams: "readonly",
      },
    },
  },
);
