# The API's image. Build with DEV=true (docker-compose.yml does) for the dev
# tools: test runner, linter, the embedded PostgreSQL.
ARG NODE_IMAGE=node:24-bookworm-slim

# Dependencies in their own stage, so the final image has no npm cache.
FROM ${NODE_IMAGE} AS deps
ARG DEV=false
WORKDIR /app
COPY package.json package-lock.json ./
RUN if [ "$DEV" = "true" ]; \
      then npm ci --no-audit --no-fund; \
      else npm ci --omit=dev --no-audit --no-fund; \
    fi

FROM ${NODE_IMAGE}
ARG DEV=false
LABEL org.opencontainers.image.title="recipe-api"
# The DEV image also carries Debian's Chromium, for the admin's browser tests.
RUN if [ "$DEV" = "true" ]; then \
      apt-get update \
      && apt-get install -y --no-install-recommends chromium \
      && rm -rf /var/lib/apt/lists/*; \
    fi
ENV HOST=0.0.0.0 \
    PORT=8000 \
    MEDIA_ROOT=/vol/web/media
WORKDIR /app
RUN groupadd --system app \
    && useradd --system --gid app --no-create-home app \
    && mkdir -p /vol/web/media /app/.data \
    && chown -R app:app /vol/web /app/.data
COPY --from=deps --chown=app:app /app/node_modules ./node_modules
COPY . .
USER app
EXPOSE 8000
# exec: node becomes PID 1's child directly and receives SIGTERM for the graceful stop.
# A small young generation: same throughput, ~100 MB less memory under load (README).
CMD ["sh", "-c", "npm run --silent wait-for-db -- --timeout 60 && exec node --max-semi-space-size=8 lib/server.ts"]
