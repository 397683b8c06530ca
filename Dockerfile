# The Coditect server with the FoundationDB client library, for docker-compose.yml.
FROM node:20-bookworm-slim
ARG FDB_VERSION=7.3.63
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl python3 make g++ \
 && curl -fsSLo /tmp/fdb.deb "https://github.com/apple/foundationdb/releases/download/${FDB_VERSION}/foundationdb-clients_${FDB_VERSION}-1_amd64.deb" \
 && dpkg -i /tmp/fdb.deb && rm /tmp/fdb.deb && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN corepack enable && COREPACK_ENABLE_DOWNLOAD_PROMPT=0 pnpm install --frozen-lockfile \
 && pnpm rebuild foundationdb
ENV NODE_ENV=production PORT=8080 HOST=0.0.0.0
EXPOSE 8080
CMD ["pnpm", "start"]
