//! Finding the built site (wasm, JS, CSS, icons) wherever the binary is started from.

use leptos::config::LeptosOptions;
use std::path::{Path, PathBuf};

/// The package name cargo-leptos gives the site files (`pkg/redacta.js`, ...).
pub const OUTPUT_NAME: &str = "redacta";

fn is_site(dir: &Path) -> bool {
    dir.join("pkg").join(format!("{OUTPUT_NAME}.js")).is_file()
}

/// `REDACTA_SITE_ROOT`, else a `site/` folder beside one of the binary's parent folders (how
/// cargo-leptos lays out the target folder), else `target/site` in the source tree.
pub fn find_site_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("REDACTA_SITE_ROOT") {
        return PathBuf::from(dir);
    }
    let mut candidates = Vec::new();
    if let Ok(exe) = std::env::current_exe() {
        // target/<profile>/redacta and target/<profile>/deps/<test> both find target/site.
        for ancestor in exe.ancestors().skip(1).take(3) {
            candidates.push(ancestor.join("site"));
        }
    }
    candidates.push(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join("target")
            .join("site"),
    );
    candidates
        .iter()
        .find(|dir| is_site(dir))
        .cloned()
        .unwrap_or_else(|| {
            candidates
                .first()
                .cloned()
                .unwrap_or_else(|| PathBuf::from("site"))
        })
}

pub fn leptos_options(site_root: &Path, addr: std::net::SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build()
}
