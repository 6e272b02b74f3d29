# jot's server on the official Bun image. Built from the repository root: docker build -t jot .
FROM oven/bun:1.4.4

WORKDIR /app
ENV NODE_ENV=production

# The whole workspace (see .dockerignore): the server imports @jot/shared from source.
COPY . .
RUN bun install --frozen-lockfile --production \
  && mkdir -p apps/server/data \
  && chown bun:bun apps/server/data

# The image's own unprivileged user; the app needs to write nothing but apps/server/data.
USER bun
EXPOSE 3000

# The image has no curl: Bun asks /health itself (200 when every store answers, else 503).
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["bun", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# The README's start command.
CMD ["bun", "run", "start"]
