# One image for every Regiograph service; docker-compose.yml picks the command per service.
# NODE_LINE is the Node.js line of .nvmrc (the current Active LTS); a test keeps the two in step.
ARG NODE_LINE=26

# The workspaces' package.json files, found in the tree (no list of subgraphs to keep in step here), so that
# `npm ci` below is cached until a dependency changes.
FROM node:${NODE_LINE}-bookworm-slim AS manifests
WORKDIR /src
COPY . .
RUN find . -name package.json -not -path '*/node_modules/*' -not -path './.tools/*' -exec sh -c 'mkdir -p "/manifests/$(dirname "$1")" && cp "$1" "/manifests/$1"' _ {} \;

FROM node:${NODE_LINE}-bookworm-slim AS build
WORKDIR /app
COPY --from=manifests /manifests/ ./
COPY package-lock.json .npmrc tsconfig.json tsconfig.base.json ./
RUN npm ci
COPY . .
RUN npx tsc -b && npm prune --omit=dev

FROM node:${NODE_LINE}-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
USER node
CMD ["node", "hub/dist/main.js"]
