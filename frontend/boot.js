// Starts the app. A file of its own (not an inline script) so the page's content security
// policy can allow only this origin's scripts.
import init from "/frontend.js";

init({ module_or_path: "/frontend_bg.wasm" });
