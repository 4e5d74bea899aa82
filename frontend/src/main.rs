//! The browser entry point; build with `scripts/build-frontend.sh`.

fn main() {
    #[cfg(target_arch = "wasm32")]
    frontend::start();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("the frontend runs in a browser: build it with scripts/build-frontend.sh");
}
