# The engine image: the same image runs the worker (START_ROLLER=worker) and the HTTP API
# (START_ROLLER=api); see docker-compose.yml. Production needs TEMPORAL_ADDRESS, DATABASE_URL,
# PASIENT_NOKKEL and the AUTH_* settings; it never starts a dev server or an embedded database.

# --- build: compile TypeScript to dist/ -------------------------------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# Only the sources (never data/, .tools/ or local keys that may sit in the build context).
COPY tsconfig.json ./
COPY config ./config
COPY workflows ./workflows
COPY activities ./activities
COPY api ./api
COPY db ./db
COPY plo ./plo
COPY nhn ./nhn
COPY scripts ./scripts
# The web interface, built into web/dist (types generated from the API's OpenAPI document, then Vite).
COPY web ./web
RUN npm run web:bygg && npm run build && npm prune --omit=dev --no-audit --no-fund

# --- runtime --------------------------------------------------------------------------------
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Read at run time by dist/db/migrate.js (found by walking up from dist/db).
COPY --from=build /app/db/migrations ./db/migrations
COPY --from=build /app/db/seed ./db/seed
# Served at / by the API (api/web.ts finds it beside package.json).
COPY --from=build /app/web/dist ./web/dist
USER node
EXPOSE 3000
# node directly (not npm) so SIGTERM from `docker stop` reaches the process and it shuts down cleanly.
CMD ["node", "dist/scripts/start.js"]
