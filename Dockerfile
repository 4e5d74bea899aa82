# syntax=docker/dockerfile:1
# cassadmin in one image: one binary (the browser app embedded) built from source, run as a
# non-root user on a slim Debian. The build steps are scripts/build-release.sh (CI runs the
# same script, so the path the image takes is exercised even where no Docker engine runs).

ARG RUST_VERSION=1.95

# ---- browser app (wasm32, wasm-bindgen, wasm-opt 132 from npm) ----
FROM rust:${RUST_VERSION}-bookworm AS frontend
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs=18.* npm=9.* \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN scripts/build-release.sh frontend

# ---- server (offline sqlx data: no database at build time; the app embedded) ----
FROM rust:${RUST_VERSION}-bookworm AS server
WORKDIR /src
COPY . .
COPY --from=frontend /src/frontend/dist frontend/dist
RUN scripts/build-release.sh server

# ---- runtime ----
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates=20230311* \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /var/lib/cassadmin --uid 10001 cassadmin
COPY --from=server /src/target/release/cassadmin /usr/local/bin/cassadmin
ENV CASSADMIN_LISTEN=0.0.0.0:8080 \
    CASSADMIN_STATE_DIR=/var/lib/cassadmin \
    CASSADMIN_LOG_FORMAT=json
USER 10001
WORKDIR /var/lib/cassadmin
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/cassadmin"]
CMD ["serve"]
