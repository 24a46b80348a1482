import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./", import.meta.url)),
      // `server-only` throws outside a React Server bundle; unit tests run plain Node.
      "server-only": fileURLToPath(new URL("./lib/test/empty-module.ts", import.meta.url)),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "e2e/standin/**/*.test.ts", "app/**/*.test.ts"],
    environment: "node",
  },
});
