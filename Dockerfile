# One image for both services (ingestor and server); docker-compose.yml picks the command.
FROM node:20-bookworm-slim
WORKDIR /app
# MALLOC_ARENA_MAX=2 here and --max-semi-space-size=4 below keep a server holding an hour of
# batches at 5,000 tweets/s under 300 MiB: glibc keeps two malloc arenas instead of one per
# thread, and V8's young generation stays at 8 MiB (docs/performance.md, memory).
ENV NODE_ENV=production CI=true MALLOC_ARENA_MAX=2
COPY package.json package-lock.json .npmrc ./
COPY packages ./packages
COPY apps ./apps
COPY samples ./samples
COPY scripts ./scripts
# --include=dev: NODE_ENV=production would otherwise leave out vite (the dashboard build) and
# esbuild (the command's bundle), both run by npm's `prepare`. Run here again, without --install,
# so that a failed build fails the image instead of only warning.
RUN npm ci --include=dev --no-audit --no-fund \
  && node scripts/build-web-if-stale.mjs && node scripts/bundle-cli-if-stale.mjs \
  && npm cache clean --force
USER node
# The bundled command, as `npm start` runs it: no TypeScript loader in the services, which
# saves about 35 MiB of RSS in each (docs/performance.md) and most of a second at start.
ENTRYPOINT ["node", "--max-semi-space-size=4", "apps/cli/dist/tagstream.mjs"]
