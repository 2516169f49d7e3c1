import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import react from "@vitejs/plugin-react";
import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";

const backend = "http://127.0.0.1:8000";
const outDir = "../api/static";

/** Copies Swagger UI's assets next to the SPA so the API's /schema page needs no CDN. */
function selfHostedSchemaUi(): Plugin {
  return {
    name: "self-hosted-schema-ui",
    apply: "build",
    closeBundle() {
      const require = createRequire(import.meta.url);
      const source = dirname(require.resolve("swagger-ui-dist/package.json"));
      const target = resolve(__dirname, outDir, "schema-ui");
      mkdirSync(target, { recursive: true });
      for (const file of ["swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-standalone-preset.js"]) {
        copyFileSync(resolve(source, file), resolve(target, file));
      }
    },
  };
}

export default defineConfig({
  base: "/",
  plugins: [react(), selfHostedSchemaUi()],
  server: {
    proxy: {
      "/api": backend,
      "/schema": backend,
      "/health": backend,
    },
  },
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
  },
});
