# One image for every Regiograph service; docker-compose.yml picks the command per service.
# NODE_LINE is the Node.js line of .nvmrc (the current Active LTS); a test keeps the two in step.
ARG NODE_LINE=26
FROM node:${NODE_LINE}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc tsconfig.json tsconfig.base.json ./
COPY lib/package.json lib/
COPY gateway/package.json gateway/
COPY hub/package.json hub/
COPY ingest/package.json ingest/
COPY subgraphs/organisations/package.json subgraphs/organisations/
COPY subgraphs/projects/package.json subgraphs/projects/
COPY subgraphs/funding/package.json subgraphs/funding/
COPY subgraphs/events/package.json subgraphs/events/
COPY subgraphs/outcomes/package.json subgraphs/outcomes/
RUN npm ci
COPY . .
RUN npx tsc -b && npm prune --omit=dev

FROM node:${NODE_LINE}-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
USER node
CMD ["node", "hub/dist/main.js"]
