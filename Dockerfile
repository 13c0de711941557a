# The API's image. `docker build .` makes the production image: the server
# and its runtime dependencies only. Built with `--build-arg DEV=true`
# (docker-compose.yml does) it also carries the tests, the dev dependencies
# (test runner, linter, the embedded PostgreSQL) and Debian's Chromium and
# PgBouncer.
# With podman, build with `--format docker`: the OCI format drops HEALTHCHECK.
ARG NODE_IMAGE=node:24-bookworm-slim

# Dependencies in their own stage, so the final image has no npm cache.
# npm ci: exactly package-lock.json's versions.
FROM ${NODE_IMAGE} AS deps
ARG DEV=false
ENV NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
COPY package.json package-lock.json ./
RUN if [ "$DEV" = "true" ]; \
      then npm ci --no-audit --no-fund; \
      else npm ci --omit=dev --no-audit --no-fund; \
    fi

# The source; for production without what only development uses.
FROM ${NODE_IMAGE} AS source
ARG DEV=false
WORKDIR /app
COPY . .
RUN if [ "$DEV" != "true" ]; then \
      find . -name '*.test.ts' -delete \
      && rm -rf lib/testing bench deploy \
                eslint.config.js vitest.config.ts tsconfig.json ./*.md; \
    fi

FROM ${NODE_IMAGE}
ARG DEV=false
LABEL org.opencontainers.image.title="recipe-api"
# The DEV image also carries Debian's Chromium, for the admin's browser tests,
# and PgBouncer, which lib/database/pgbouncer.test.ts puts in front of the database.
RUN if [ "$DEV" = "true" ]; then \
      apt-get update \
      && apt-get install -y --no-install-recommends chromium pgbouncer \
      && rm -rf /var/lib/apt/lists/*; \
    fi
ENV HOST=0.0.0.0 \
    PORT=8000 \
    MEDIA_ROOT=/vol/web/media \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
# The code and node_modules belong to root: the server cannot rewrite them.
# The app user writes only media, .data (the secret key when SECRET_KEY is
# unset; tests' clusters) and, in the DEV image, vitest's cache.
RUN groupadd --system app \
    && useradd --system --gid app --create-home --home-dir /home/app app \
    && mkdir -p /vol/web/media /app/.data /app/node_modules/.vite \
    && chown -R app:app /vol/web /app/.data /app/node_modules/.vite
COPY --from=deps /app/node_modules ./node_modules
COPY --from=source /app ./
USER app
EXPOSE 8000
# The load balancer's question, asked on the loopback with a Host that
# ALLOWED_HOSTS accepts: does /api/health-check/ answer 200?
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "lib/cli/healthcheck.ts"]
# npm start, after waiting for the database. exec: npm becomes PID 1 and
# passes SIGTERM on to node (npm start execs it), which stops gracefully.
CMD ["sh", "-c", "npm run --silent wait-for-db -- --timeout 60 && exec npm start --silent"]
