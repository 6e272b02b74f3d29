# jot's server as its one executable on a small Debian. Built from the repository root:
#   docker build -t jot .

# The executable, made by the repository's own `bun run build` from the workspace and its lockfile.
FROM oven/bun:1.4.4 AS build
WORKDIR /app
COPY . .
RUN bun install --frozen-lockfile && bun run build

# Only the executable: the Bun runtime and every module jot loads are inside it, and it links
# nothing but glibc (`ldd dist/jot`: libc, libm, libpthread, libdl), which every Debian has.
FROM debian:bookworm-slim
# A user of jot's own, with a fixed id so a host folder can be given to it; it may write only its
# data folder (the database, and the admin socket the admin command reaches it through).
RUN useradd --system --user-group --uid 10001 --home-dir /var/lib/jot --shell /usr/sbin/nologin jot \
  && mkdir -p /var/lib/jot/data \
  && chown -R jot:jot /var/lib/jot \
  && chmod 0700 /var/lib/jot/data
COPY --from=build /app/dist/jot /usr/local/bin/jot

ENV NODE_ENV=production
USER jot
# The default database, data/jot.sqlite under the working directory, is in the volume.
WORKDIR /var/lib/jot
VOLUME /var/lib/jot/data
EXPOSE 3000

# The image has no curl and no Bun: the executable asks /health itself (exit 0 on 200, else 1).
HEALTHCHECK --interval=10s --timeout=5s --start-period=15s --retries=3 CMD ["jot", "health"]

CMD ["jot", "serve"]
