# One image for both services (ingestor and server); docker-compose.yml picks the command.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production CI=true
COPY package.json package-lock.json .npmrc ./
COPY packages ./packages
COPY apps ./apps
COPY samples ./samples
RUN npm ci --no-audit --no-fund && npm run build:web && npm cache clean --force
USER node
ENTRYPOINT ["node", "apps/cli/bin/tagstream.js"]
