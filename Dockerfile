# The Transparency Graph gateway as an image. docs/deploy.md says how to build it, run it, scale it and
# upgrade it; tests/deploy.test.ts checks this file against package.json and the configuration.
#
#   docker build -t transparency-graph .
#   docker run --rm -p 4000:4000 transparency-graph
#
# Node's major is the one package.json "engines" names.

# ---- build: dependencies, the native SQLite module compiled here ----
FROM node:20-bookworm-slim AS build

# better-sqlite3 is compiled from source, never downloaded prebuilt: its installer fetches prebuilt
# binaries from GitHub releases with no timeout of its own, and a build machine may have a route to the
# npm registry and none to GitHub. Compiling needs Python, make, a C++ compiler and Node's headers, which
# the Node image keeps under /usr/local (so node-gyp downloads nothing either).
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
ENV npm_config_build_from_source=better-sqlite3 \
    npm_config_nodedir=/usr/local

WORKDIR /app
COPY package.json package-lock.json ./
# Runtime dependencies only: the gateway runs its TypeScript through tsx (a dependency), so there is no
# compile step that would need the devDependencies. The second command fails the build when the native
# module was not built.
RUN npm ci --omit=dev --no-audit --no-fund \
  && node -e "new (require('better-sqlite3'))(':memory:').close()"

# ---- runtime: what runs, and nothing else ----
FROM node:20-bookworm-slim

# HOST: the gateway's default, localhost, cannot be reached from outside a container.
# DATA_DIR: the SQLite store, when DATABASE_URL is not set; a volume so that it outlives the container.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    DATA_DIR=/data

WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
# Owned by root and read-only to the gateway, which writes only to DATA_DIR and /tmp (tsx's cache).
COPY package.json tsconfig.json ./
COPY src ./src
COPY resolvers ./resolvers
COPY schema ./schema
COPY data ./data
# GraphiQL's example tabs.
COPY docs/queries ./docs/queries

RUN mkdir -p /data && chown node:node /data
VOLUME /data

USER node
EXPOSE 4000

# Liveness with Node itself: the slim image has no curl or wget.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# SIGTERM drains: readiness turns 503, requests in flight finish within SHUTDOWN_GRACE_MS (20 s by
# default). The exec form makes node process 1, so the signal reaches it; give the container more than
# the grace period to stop (compose stop_grace_period, Kubernetes terminationGracePeriodSeconds).
STOPSIGNAL SIGTERM
CMD ["node", "--heap-growing-percent=30", "--import", "tsx", "src/main.ts"]
