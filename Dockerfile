# One image for every role and every pod utility: `prow --role=<role>` or `prow <subcommand>`.
# Not built in CI (no container engine there); see README.md. BASE: any Debian with Node 20 (hack/build-image.sh
# makes one with debootstrap where node:20-bookworm-slim cannot be pulled).
ARG BASE=node:20-bookworm-slim
FROM ${BASE} AS build
# Extra CAs for npm behind a TLS-intercepting proxy (hack/build-image.sh mounts the host's); unset elsewhere.
ARG NODE_EXTRA_CA_CERTS
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build && npm prune --omit=dev

FROM ${BASE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends git ca-certificates openssh-client tini \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 65532 --create-home --shell /usr/sbin/nologin prow
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
RUN ln -s /app/dist/src/cli/main.js /usr/local/bin/prow && chmod +x /app/dist/src/cli/main.js
USER 65532:65532
ENV NODE_ENV=production
ENTRYPOINT ["/usr/bin/tini", "--", "prow"]
