# One image for both services (ingestor and server); docker-compose.yml picks the command.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production CI=true
COPY package.json package-lock.json .npmrc ./
COPY packages ./packages
COPY apps ./apps
COPY samples ./samples
COPY scripts ./scripts
# --include=dev: NODE_ENV=production would otherwise leave out vite (the dashboard build, run by
# npm's `prepare`) and tsx (which runs the TypeScript sources).
RUN npm ci --include=dev --no-audit --no-fund && node scripts/build-web-if-stale.mjs && npm cache clean --force
USER node
ENTRYPOINT ["node", "apps/cli/bin/tagstream.js"]
