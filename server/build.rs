//! With the `embed-frontend` feature (the release build, `scripts/build-release.sh`), bake the
//! built browser app (`frontend/dist`) into the binary: one file to deploy. Without it the
//! server serves the app from disk (development), and this script does nothing.

use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    if env::var_os("CARGO_FEATURE_EMBED_FRONTEND").is_none() {
        return;
    }
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let dist = manifest.join("../frontend/dist");
    println!("cargo::rerun-if-changed={}", dist.display());
    assert!(
        dist.join("index.html").is_file(),
        "embed-frontend: {} has no index.html; run scripts/build-frontend.sh --release first",
        dist.display()
    );

    let mut files = Vec::new();
    collect(&dist, &dist, &mut files);
    files.sort();
    let mut out = String::from(
        "/// The browser app's files: (path inside `frontend/dist`, ETag, bytes).\n\
         pub static ASSETS: &[(&str, &str, &[u8])] = &[\n",
    );
    for (name, path) in &files {
        println!("cargo::rerun-if-changed={}", path.display());
        let bytes = fs::read(path).expect("readable app file");
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut hasher);
        let etag = format!("\"{:016x}-{}\"", hasher.finish(), bytes.len());
        writeln!(
            out,
            "    ({name:?}, {etag:?}, include_bytes!({:?})),",
            path.display().to_string()
        )
        .expect("write to a String");
    }
    out.push_str("];\n");
    let target =
        PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo")).join("frontend_assets.rs");
    fs::write(target, out).expect("OUT_DIR is writable");
}

/// Every file below `dir` except hidden ones (`.build-stamp`), as (relative path, full path).
fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    for entry in fs::read_dir(dir).expect("readable frontend/dist") {
        let path = entry.expect("readable entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, files);
        } else {
            let relative = path.strip_prefix(root).expect("below root");
            files.push((relative.to_string_lossy().replace('\\', "/"), path.clone()));
        }
    }
}
