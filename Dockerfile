# One image for every Chronicle service; each Deployment / compose service picks its app with
# `command` (node --enable-source-maps apps/<app>/main.js). Built bundles, production packages only.

# 1. Build every app (nx build: dist/apps/<app>/main.js + source map).
FROM node:20-bookworm-slim AS build
WORKDIR /workspace
ENV NX_DAEMON=false NX_NO_CLOUD=true
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY nx.json tsconfig.base.json eslint.config.mjs jest.preset.js jest.postgres.preset.js ./
COPY tools ./tools
COPY libs ./libs
COPY apps ./apps
RUN npx nx run-many -t build

# 2. The runtime: production dependencies (from the same lockfile) and the bundles, nothing else.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /workspace/dist/apps ./apps
USER node
CMD ["node", "--enable-source-maps", "apps/gateway/main.js"]
