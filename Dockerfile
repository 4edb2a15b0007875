# One image for every Chronicle service; each Deployment / compose service picks its app with `command`
# (node -r @swc-node/register apps/<app>/src/main.ts, as `nx serve` does).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production SWC_NODE_PROJECT=tsconfig.base.json NX_DAEMON=false
COPY package.json package-lock.json ./
# The services run TypeScript through @swc-node/register (a devDependency), as `nx serve` does.
RUN npm ci --include=dev --no-audit --no-fund
COPY tsconfig.base.json ./
COPY libs ./libs
COPY apps ./apps
USER node
CMD ["node", "-r", "@swc-node/register", "apps/gateway/src/main.ts"]
