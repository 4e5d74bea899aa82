#!/usr/bin/env bash
# Build the browser app into frontend/dist (served by `cassadmin serve`, embedded in release).
#
#   scripts/build-frontend.sh            debug build (fast, larger)
#   scripts/build-frontend.sh --release  size-optimised build (wasm-release profile + wasm-opt -Oz)
#
# Installs what is missing first: the wasm32 target, the wasm-bindgen CLI matching the
# wasm-bindgen version in Cargo.lock, and wasm-opt 132 from npm (package.json at the repo root).
# Never Debian's binaryen: its wasm-opt 108 corrupts wasm-bindgen's externref table and the app
# loads as a blank page. Re-running with nothing changed only asks cargo and compares a stamp.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=dev
case "${1:-}" in
  "") ;;
  --release) profile=wasm-release ;;
  *) echo "usage: $0 [--release]" >&2; exit 2 ;;
esac

target=wasm32-unknown-unknown
out=frontend/dist
say() { echo "== $*" >&2; }

# --- tools -----------------------------------------------------------------------------------
if ! rustup target list --installed | grep -qx "$target"; then
  say "adding the $target target"
  rustup target add "$target"
fi

# The CLI must be exactly the library's version, or the generated glue does not match.
bindgen_version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
if [ -z "$bindgen_version" ]; then
  echo "wasm-bindgen is missing from Cargo.lock; run \`cargo fetch\` first" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $bindgen_version" ]; then
  say "installing wasm-bindgen-cli $bindgen_version (about 2 minutes)"
  # Not --locked: the CLI's own lock file pins a crate version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$bindgen_version" --force
fi

wasm_opt=node_modules/.bin/wasm-opt
if [ "$profile" = wasm-release ]; then
  # `npm ci` again whenever package-lock.json changed since the last install.
  if [ ! -x "$wasm_opt" ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing wasm-opt from npm (binaryen, pinned in package-lock.json)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  case "$("$wasm_opt" --version)" in
    "wasm-opt version 132 "*) ;;
    *) echo "expected wasm-opt 132 in $wasm_opt, got: $("$wasm_opt" --version)" >&2; exit 1 ;;
  esac
fi

# --- build -----------------------------------------------------------------------------------
# `erase_components` makes every Leptos component return a type-erased view: 4% less WASM
# (measured 354 -> 340 KB gzip), and faster builds. Set for every wasm build, debug and release,
# so switching between them does not rebuild the dependencies.
say "cargo build -p frontend --target $target --profile $profile"
cargo build -p frontend --target "$target" --profile "$profile" --quiet \
  --config "target.$target.rustflags=[\"--cfg\", \"erase_components\"]"
case "$profile" in
  dev) wasm="target/$target/debug/frontend.wasm" ;;
  *) wasm="target/$target/$profile/frontend.wasm" ;;
esac

# wasm-bindgen and wasm-opt take seconds; skip them when their input and settings are unchanged.
stamp="$out/.build-stamp"
want_stamp="$profile $bindgen_version $(sha256sum "$wasm" | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want_stamp" ] && [ -f "$out/frontend_bg.wasm" ]; then
  say "wasm unchanged, keeping $out/frontend_bg.wasm"
else
  mkdir -p "$out"
  rm -f "$stamp"
  say "wasm-bindgen $bindgen_version"
  wasm-bindgen --target web --no-typescript --out-dir "$out" "$wasm"
  if [ "$profile" = wasm-release ]; then
    say "wasm-opt -Oz"
    "$wasm_opt" -Oz --enable-bulk-memory --enable-reference-types \
      --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
      --enable-multivalue \
      -o "$out/frontend_bg.opt.wasm" "$out/frontend_bg.wasm"
    mv "$out/frontend_bg.opt.wasm" "$out/frontend_bg.wasm"
  fi
  echo "$want_stamp" > "$stamp"
fi

cp frontend/index.html frontend/boot.js frontend/style.css "$out/"

raw=$(stat -c %s "$out/frontend_bg.wasm")
gz=$(gzip -9 -c "$out/frontend_bg.wasm" | wc -c)
js_gz=$(gzip -9 -c "$out/frontend.js" | wc -c)
printf '== %s: frontend_bg.wasm %d KB (%d KB gzip), frontend.js %d KB gzip\n' \
  "$profile" $((raw / 1024)) $((gz / 1024)) $((js_gz / 1024)) >&2
