# syntax=docker/dockerfile:1
# The Coditect server image. Built once (stage "build"), production dependencies installed with
# the tools native addons need (stage "deps"), and a slim runtime that runs the bundled server as
# the unprivileged user `node`, with the FoundationDB client for the target architecture and the
# tools the workspace features use (bubblewrap for terminals, ripgrep for search, git).
ARG NODE_IMAGE=node:20-bookworm-slim
ARG FDB_VERSION=7.3.63

FROM ${NODE_IMAGE} AS fdb-client
ARG FDB_VERSION
ARG TARGETARCH
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && case "${TARGETARCH}" in \
      amd64) FDB_ARCH=amd64 ;; \
      arm64) FDB_ARCH=aarch64 ;; \
      *) echo "no FoundationDB client for ${TARGETARCH}" >&2; exit 1 ;; \
    esac \
 && curl -fsSLo /tmp/fdb.deb "https://github.com/apple/foundationdb/releases/download/${FDB_VERSION}/foundationdb-clients_${FDB_VERSION}-1_${FDB_ARCH}.deb" \
 && dpkg -i /tmp/fdb.deb \
 && rm -rf /tmp/fdb.deb /var/lib/apt/lists/*

FROM fdb-client AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV COREPACK_ENABLE_DOWNLOAD_PROMPT=0
RUN corepack enable
COPY . .
RUN pnpm install --frozen-lockfile \
 && pnpm exec turbo run build --filter=@coditect/server --filter=@coditect/web

FROM build AS deps
# Production dependencies of the server only, the FoundationDB binding built against libfdb_c.
RUN rm -rf node_modules apps/*/node_modules packages/*/node_modules \
 && pnpm install --frozen-lockfile --prod --filter @coditect/server... \
 && pnpm rebuild foundationdb

FROM ${NODE_IMAGE} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends bubblewrap ripgrep git ca-certificates tini \
 && rm -rf /var/lib/apt/lists/*
COPY --from=fdb-client /usr/lib/libfdb_c.so /usr/lib/libfdb_c.so
WORKDIR /app
COPY --from=deps --chown=node:node /app/package.json /app/pnpm-workspace.yaml ./
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=deps --chown=node:node /app/apps/server/package.json ./apps/server/package.json
COPY --from=deps --chown=node:node /app/apps/server/node_modules ./apps/server/node_modules
COPY --from=deps --chown=node:node /app/packages ./packages
COPY --from=build --chown=node:node /app/apps/server/dist ./apps/server/dist
COPY --from=build --chown=node:node /app/apps/web/dist ./apps/web/dist
RUN mkdir -p /data /workspaces && chown node:node /data /workspaces
ENV NODE_ENV=production PORT=8080 HOST=0.0.0.0 DATA_DIR=/data WORKSPACES_DIR=/workspaces WEB_DIR=/app/apps/web/dist
USER node
EXPOSE 8080
VOLUME ["/data", "/workspaces"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/api/v5/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["tini", "--"]
CMD ["node", "apps/server/dist/main.mjs"]
