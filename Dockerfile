# The service image: Node 24 LTS with the compiled service and production dependencies only
# (no embedded PostgreSQL, no TypeScript tools). The database is external (docker-compose.yml).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY src/db ./src/db
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
# Production dependencies only; `prisma generate` (postinstall) and `prisma migrate deploy` at
# start need prisma.config.ts, the schema and the migration adapter in src/db.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY src/db ./src/db
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
RUN chown -R node:node /app
USER node
EXPOSE 3000
# /health/ready is 503 while the first start applies migrations (and loads the demo, if asked):
# the start period allows for it.
HEALTHCHECK --interval=10s --timeout=3s --start-period=600s --retries=3 CMD node -e "fetch('http://127.0.0.1:3000/health/ready').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "dist/server.js"]
