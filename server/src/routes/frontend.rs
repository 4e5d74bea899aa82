//! The browser app: the files of `frontend/dist` (built by `scripts/build-frontend.sh`) served
//! from disk, with the app's own routes (`/clusters/cds-1/resize`) answered by `index.html`
//! so a reload or a shared link opens the right page. Unknown `/api/...` paths stay JSON 404s.
//!
//! The directory is `CASSADMIN_FRONTEND_DIR` (default `frontend/dist`, relative to the working
//! directory), or a [`FrontendDir`] in the app data when the application provides one. A
//! release binary built with the `embed-frontend` feature carries the app inside itself and
//! serves that copy unless a directory is configured.

use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

use actix_files::NamedFile;
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::error::AppError;

/// The environment variable naming the directory of the built app.
pub const DIR_VAR: &str = "CASSADMIN_FRONTEND_DIR";
const DEFAULT_DIR: &str = "frontend/dist";

/// Where the built browser app lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontendDir(pub PathBuf);

impl FrontendDir {
    /// `CASSADMIN_FRONTEND_DIR`, or `frontend/dist`; read once.
    pub fn from_env() -> &'static FrontendDir {
        static DIR: OnceLock<FrontendDir> = OnceLock::new();
        DIR.get_or_init(|| {
            let dir = std::env::var_os(DIR_VAR)
                .filter(|d| !d.is_empty())
                .map_or_else(|| PathBuf::from(DEFAULT_DIR), PathBuf::from);
            FrontendDir(dir)
        })
    }
}

/// Everything no other route took: an app file, the app (for its routes), or a JSON 404.
pub async fn serve(req: HttpRequest) -> Result<HttpResponse, AppError> {
    let path = req.path();
    if path == "/api" || path.starts_with("/api/") {
        return Err(AppError::not_found("no such endpoint"));
    }
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return Err(AppError::MethodNotAllowed);
    }
    let data = req.app_data::<web::Data<FrontendDir>>().cloned();
    #[cfg(feature = "embed-frontend")]
    if data.is_none() && std::env::var_os(DIR_VAR).is_none() {
        return embedded::serve(&req, path);
    }
    let dir = match &data {
        Some(dir) => &dir.0,
        None => &FrontendDir::from_env().0,
    };
    let file = match relative_file(path) {
        Some(file) => dir.join(file),
        None => return Err(AppError::not_found("no such file")),
    };
    let target = match route_kind(path) {
        Kind::Asset if file.is_file() => file,
        Kind::Asset => return Err(AppError::not_found("no such file")),
        Kind::AppRoute => dir.join("index.html"),
    };
    // Opening reads only the metadata; the body streams without blocking the worker.
    let named = NamedFile::open(&target).map_err(|_| {
        AppError::not_found(format!(
            "the browser app is not built (no {}); run scripts/build-frontend.sh",
            target.display()
        ))
    })?;
    let mut response = named.into_response(&req);
    secure(&mut response, &target);
    Ok(response)
}

/// The app baked into the binary by `build.rs` (feature `embed-frontend`).
#[cfg(feature = "embed-frontend")]
mod embedded {
    use actix_web::http::header::{self, HeaderValue};
    use actix_web::{HttpRequest, HttpResponse};

    use super::{Kind, relative_file, route_kind, secure};
    use crate::error::AppError;

    include!(concat!(env!("OUT_DIR"), "/frontend_assets.rs"));

    pub fn serve(req: &HttpRequest, path: &str) -> Result<HttpResponse, AppError> {
        let file = relative_file(path).ok_or_else(|| AppError::not_found("no such file"))?;
        let name = match route_kind(path) {
            Kind::Asset => file.to_string_lossy().into_owned(),
            Kind::AppRoute => "index.html".to_owned(),
        };
        let (_, etag, bytes) = ASSETS
            .iter()
            .find(|(asset, _, _)| *asset == name)
            .ok_or_else(|| AppError::not_found("no such file"))?;
        let unchanged = req
            .headers()
            .get(header::IF_NONE_MATCH)
            .is_some_and(|tag| tag.as_bytes() == etag.as_bytes());
        let mut response = if unchanged {
            HttpResponse::NotModified().finish()
        } else {
            HttpResponse::Ok()
                .content_type(content_type(&name))
                .body(*bytes)
        };
        response
            .headers_mut()
            .insert(header::ETAG, HeaderValue::from_static(etag));
        secure(&mut response, std::path::Path::new(&name));
        Ok(response)
    }

    fn content_type(name: &str) -> &'static str {
        match name.rsplit('.').next().unwrap_or_default() {
            "html" => "text/html; charset=utf-8",
            "js" => "text/javascript; charset=utf-8",
            "css" => "text/css; charset=utf-8",
            "wasm" => "application/wasm",
            "svg" => "image/svg+xml",
            "png" => "image/png",
            "ico" => "image/x-icon",
            "json" => "application/json",
            _ => "application/octet-stream",
        }
    }
}

/// What a path asks for: a file of the app (its last segment has an extension) or a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Asset,
    AppRoute,
}

fn route_kind(path: &str) -> Kind {
    let last = path.rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        Kind::Asset
    } else {
        Kind::AppRoute
    }
}

/// The request path as a file path inside the app directory; `None` for anything that could
/// leave it (`..`, absolute parts) or names a hidden file (`.build-stamp`).
fn relative_file(path: &str) -> Option<PathBuf> {
    let trimmed = path.trim_start_matches('/');
    let relative = Path::new(trimmed);
    let clean = relative.components().all(|c| match c {
        Component::Normal(part) => !part.to_string_lossy().starts_with('.'),
        _ => false,
    });
    (clean || trimmed.is_empty()).then(|| relative.to_path_buf())
}

/// The app's files are not content-hashed: revalidate each time (ETag answers 304 when
/// unchanged). The page gets a content security policy allowing only our own scripts, the
/// WebAssembly they compile, and calls to this origin.
fn secure(response: &mut HttpResponse, file: &Path) {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if file.extension().is_some_and(|ext| ext == "html") {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
                 style-src 'self'; img-src 'self' data:; connect-src 'self'; \
                 base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            ),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        );
    }
}

#[cfg(test)]
mod tests {
    use actix_web::http::StatusCode;
    use actix_web::http::header::HeaderMap;
    use actix_web::{App, test};

    use super::*;

    fn dist() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("index.html"),
            "<!doctype html><title>app</title>",
        )
        .unwrap();
        std::fs::write(dir.path().join("frontend_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
        std::fs::write(dir.path().join("style.css"), "body{}").unwrap();
        std::fs::write(dir.path().join(".build-stamp"), "secret-ish").unwrap();
        dir
    }

    async fn get(dir: &Path, path: &str) -> (StatusCode, HeaderMap, String) {
        let app = test::init_service(
            App::new()
                .app_data(web::Data::new(FrontendDir(dir.to_path_buf())))
                .default_service(web::to(serve)),
        )
        .await;
        let request = test::TestRequest::get().uri(path).to_request();
        let response = test::call_service(&app, request).await;
        let (status, headers) = (response.status(), response.headers().clone());
        let body = test::read_body(response).await;
        (status, headers, String::from_utf8_lossy(&body).into_owned())
    }

    #[actix_web::test]
    async fn app_routes_fall_back_to_the_app_with_a_csp() {
        let dir = dist();
        for path in ["/", "/clusters", "/clusters/cds-1/resize", "/audit"] {
            let (status, headers, body) = get(dir.path(), path).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            assert!(body.contains("<title>app</title>"), "{path}");
            let csp = headers.get(header::CONTENT_SECURITY_POLICY).unwrap();
            assert!(csp.to_str().unwrap().contains("'wasm-unsafe-eval'"));
        }
    }

    #[actix_web::test]
    async fn files_are_served_with_their_type_and_missing_ones_are_404() {
        let dir = dist();
        let (status, headers, _) = get(dir.path(), "/frontend_bg.wasm").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            headers.get(header::CONTENT_TYPE).unwrap(),
            "application/wasm"
        );
        let (status, _, body) = get(dir.path(), "/favicon.ico").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(body.contains("\"code\":\"not_found\""), "{body}");
        let (status, _, _) = get(dir.path(), "/.build-stamp").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _, _) = get(dir.path(), "/../Cargo.toml").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    #[actix_web::test]
    async fn unknown_api_paths_stay_json() {
        let dir = dist();
        for path in ["/api", "/api/v2/clusters", "/api/nope.json"] {
            let (status, headers, body) = get(dir.path(), path).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
            assert!(body.contains("\"error\""), "{path}: {body}");
            assert_eq!(
                headers.get(header::CONTENT_TYPE).unwrap(),
                "application/json"
            );
        }
    }

    #[actix_web::test]
    async fn a_missing_build_says_how_to_make_it() {
        let empty = tempfile::tempdir().unwrap();
        let (status, _, body) = get(empty.path(), "/clusters").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(body.contains("scripts/build-frontend.sh"), "{body}");
    }
}
