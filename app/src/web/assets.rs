//! The site's built files: named after their content, precompressed at build time, cached for a year.
//!
//! `clairvoie site pack SOURCE SITE` (run by `.cargo/dev.sh build`) turns the build's output (browser bundle,
//! style sheet, `public/`) into `SITE`: each file copied under `pkg/` with a hash of its content in its name,
//! a Brotli and a gzip variant beside it when they are smaller, and `assets.json`, the manifest pages read to
//! link them (`ui::paths::asset`). A changed file gets a new name, so every name can be cached for ever.
//! The server sends the variant the browser accepts, with `Cache-Control: public, max-age=31536000,
//! immutable`; the few files whose names the web fixes (`robots.txt`) keep them and a short cache.

use crate::state::AppState;
use crate::ui::paths::Asset;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Router;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeader;

/// The manifest's file name in the site's folder.
pub const MANIFEST: &str = "assets.json";
/// Files served at a fixed address under their own name.
const FIXED_NAMES: [&str; 1] = ["robots.txt"];
/// The browser bundle's budget, compressed with Brotli as browsers receive it (issue 24: a phone on a slow
/// network must not wait for the code of pages it does not open).
pub const WASM_BROTLI_BUDGET: u64 = 350 * 1024;

/// Kinds of file worth compressing (images and fonts already are).
fn compressible(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("js" | "mjs" | "css" | "wasm" | "svg" | "json" | "txt" | "html" | "map" | "geojson")
    )
}

/// One file of the packed site, with its sizes as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packed {
    /// The name the build gave it, relative to the source folder (`clairvoie.wasm`, `maplibre/…`).
    pub name: String,
    /// The address it is served at.
    pub url: String,
    /// Bytes as built.
    pub raw: u64,
    /// Bytes gzipped (level 9).
    pub gzip: u64,
    /// Bytes with Brotli (quality 11).
    pub brotli: u64,
}

/// `name.ext` → `name.HASH.ext` (the hash: the first 16 hexadecimal digits of the content's SHA-256).
pub fn hashed_name(name: &str, content: &[u8]) -> String {
    let digest = hex::encode(Sha256::digest(content));
    let hash = &digest[..16];
    let (dir, file) = match name.rsplit_once('/') {
        Some((dir, file)) => (format!("{dir}/"), file),
        None => (String::new(), name),
    };
    match file.split_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{dir}{stem}.{hash}.{ext}"),
        _ => format!("{dir}{file}.{hash}"),
    }
}

fn brotli_bytes(content: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        writer.write_all(content)?;
    }
    Ok(out)
}

fn gzip_bytes(content: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(content)?;
    encoder.finish()
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files_under(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// Packs `source` into `site` (emptied first): hashed names, compressed variants, manifest. Returns every file,
/// in name order.
pub fn pack(source: &Path, site: &Path) -> Result<Vec<Packed>, String> {
    let io = |what: &str, path: &Path, e: std::io::Error| format!("{what} {}: {e}", path.display());
    let mut files = Vec::new();
    files_under(source, &mut files).map_err(|e| io("reading", source, e))?;
    files.sort();
    if site.exists() {
        std::fs::remove_dir_all(site).map_err(|e| io("emptying", site, e))?;
    }
    let mut manifest = BTreeMap::new();
    let mut packed = Vec::new();
    for path in files {
        let name = path
            .strip_prefix(source)
            .map_err(|e| e.to_string())?
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let content = std::fs::read(&path).map_err(|e| io("reading", &path, e))?;
        let served = if FIXED_NAMES.contains(&name.as_str()) {
            name.clone()
        } else {
            format!("pkg/{}", hashed_name(&name, &content))
        };
        let target = site.join(&served);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io("creating", dir, e))?;
        }
        std::fs::write(&target, &content).map_err(|e| io("writing", &target, e))?;
        let raw = content.len() as u64;
        let (mut gzip, mut brotli) = (raw, raw);
        if compressible(&path) {
            for (suffix, bytes) in [("br", brotli_bytes(&content)), ("gz", gzip_bytes(&content))] {
                let bytes = bytes.map_err(|e| io("compressing", &path, e))?;
                let size = bytes.len() as u64;
                // A variant no smaller than the file is not worth a request's negotiation.
                if size < raw {
                    let variant = PathBuf::from(format!("{}.{suffix}", target.display()));
                    std::fs::write(&variant, bytes).map_err(|e| io("writing", &variant, e))?;
                    if suffix == "br" {
                        brotli = size;
                    } else {
                        gzip = size;
                    }
                }
            }
        }
        let url = format!("/{served}");
        manifest.insert(name.clone(), Asset { url: url.clone(), bytes: raw, gzip, brotli });
        packed.push(Packed { name, url, raw, gzip, brotli });
    }
    let json = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())?;
    std::fs::write(site.join(MANIFEST), json).map_err(|e| io("writing", &site.join(MANIFEST), e))?;
    Ok(packed)
}

/// Checks the browser bundle against [`WASM_BROTLI_BUDGET`].
pub fn check_budget(packed: &[Packed]) -> Result<u64, String> {
    let wasm = packed
        .iter()
        .find(|p| p.name == crate::ui::paths::BUNDLE_WASM)
        .ok_or_else(|| format!("no {} in the site", crate::ui::paths::BUNDLE_WASM))?;
    if wasm.brotli > WASM_BROTLI_BUDGET {
        return Err(format!(
            "{} is {} bytes with Brotli, over its budget of {WASM_BROTLI_BUDGET} bytes",
            wasm.name, wasm.brotli
        ));
    }
    Ok(wasm.brotli)
}

/// Reads the site's manifest, if the site was packed (tests without a built site link the plain names).
pub fn load_manifest(site: &Path) {
    let Ok(text) = std::fs::read_to_string(site.join(MANIFEST)) else {
        tracing::warn!(site = %site.display(), "no {MANIFEST}: the site was not built with `.cargo/dev.sh build`");
        return;
    };
    match serde_json::from_str(&text) {
        Ok(manifest) => crate::ui::paths::set_manifest(manifest),
        Err(e) => tracing::error!(error = %e, "reading {MANIFEST}"),
    }
}

/// The site's files: `/pkg/…` (hashed, cached for a year) and the fixed names, outside the session and context
/// layers (a file needs neither, and must not cost a database read).
pub fn routes(site: &Path) -> Router<AppState> {
    // No directory listing nor redirect to one (`/pkg/maplibre` → 404): only files are served.
    let pkg =
        ServeDir::new(site.join("pkg")).precompressed_br().precompressed_gzip().append_index_html_on_directories(false);
    // A shared cache keyed on the address alone must not hand the Brotli variant to a client that cannot read it.
    let pkg = SetResponseHeader::overriding(pkg, header::VARY, HeaderValue::from_static("accept-encoding"));
    let mut router = Router::new().nest_service(
        crate::ui::paths::PKG.trim_end_matches('/'),
        SetResponseHeader::overriding(pkg, header::CACHE_CONTROL, cached(IMMUTABLE)),
    );
    for name in FIXED_NAMES {
        let file = ServeFile::new(site.join(name));
        router = router.route_service(
            &format!("/{name}"),
            SetResponseHeader::overriding(file, header::CACHE_CONTROL, cached("public, max-age=3600")),
        );
    }
    router
}

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `Cache-Control` for a file that was found (a 404 must not be kept for a year).
fn cached<B>(value: &'static str) -> impl Fn(&Response<B>) -> Option<HeaderValue> + Clone {
    move |response: &Response<B>| {
        matches!(response.status(), StatusCode::OK | StatusCode::NOT_MODIFIED | StatusCode::PARTIAL_CONTENT)
            .then(|| HeaderValue::from_static(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_content_hash() {
        let a = hashed_name("clairvoie.wasm", b"one");
        let b = hashed_name("clairvoie.wasm", b"two");
        assert_ne!(a, b);
        assert!(a.starts_with("clairvoie.") && a.ends_with(".wasm") && a.len() == "clairvoie..wasm".len() + 16);
        assert!(hashed_name("maplibre/maplibre-gl-csp.js", b"x").starts_with("maplibre/maplibre-gl-csp."));
        assert_eq!(hashed_name("LICENSE", b"x").len(), "LICENSE.".len() + 16);
    }

    #[test]
    fn packs_hashes_compresses_and_checks_the_budget() {
        let dir = std::env::temp_dir().join(format!("clairvoie-pack-{}", std::process::id()));
        let (source, site) = (dir.join("src"), dir.join("site"));
        std::fs::create_dir_all(source.join("maplibre")).unwrap();
        let css = "body { color: black; }\n".repeat(200);
        std::fs::write(source.join("clairvoie.css"), &css).unwrap();
        std::fs::write(source.join("robots.txt"), "User-agent: *\n").unwrap();
        std::fs::write(source.join("maplibre/maplibre-gl.css"), ".a{}").unwrap();
        // Random bytes do not compress: a bundle over budget even with Brotli.
        let mut x = 0x9e37_79b9_7f4a_7c15_u64;
        let noise: Vec<u8> = (0..(WASM_BROTLI_BUDGET + 4096))
            .map(|_| {
                // xorshift64: bytes with no pattern to find.
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 32) as u8
            })
            .collect();
        std::fs::write(source.join("clairvoie.wasm"), &noise).unwrap();
        // Something left by an earlier build goes.
        std::fs::create_dir_all(&site).unwrap();
        std::fs::write(site.join("stale.js"), "old").unwrap();

        let packed = pack(&source, &site).unwrap();
        let names: Vec<&str> = packed.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["clairvoie.css", "clairvoie.wasm", "maplibre/maplibre-gl.css", "robots.txt"]);
        assert!(!site.join("stale.js").exists());
        let css_entry = &packed[0];
        assert!(css_entry.url.starts_with("/pkg/clairvoie.") && css_entry.url.ends_with(".css"));
        assert!(css_entry.brotli < css_entry.gzip && css_entry.gzip < css_entry.raw);
        let on_disk = site.join(css_entry.url.trim_start_matches('/'));
        assert_eq!(std::fs::read_to_string(&on_disk).unwrap(), css);
        assert!(PathBuf::from(format!("{}.br", on_disk.display())).exists());
        assert!(PathBuf::from(format!("{}.gz", on_disk.display())).exists());
        // A tiny file gains nothing from Brotli: no variant is written for it.
        let tiny = &packed[2];
        assert_eq!(tiny.brotli, tiny.raw);
        assert!(!PathBuf::from(format!("{}.br", site.join(tiny.url.trim_start_matches('/')).display())).exists());
        assert_eq!(packed[3].url, "/robots.txt");
        let manifest: BTreeMap<String, Asset> =
            serde_json::from_str(&std::fs::read_to_string(site.join(MANIFEST)).unwrap()).unwrap();
        assert_eq!(manifest["clairvoie.css"].url, css_entry.url);
        assert_eq!(manifest["clairvoie.css"].brotli, css_entry.brotli);

        let err = check_budget(&packed).unwrap_err();
        assert!(err.contains("over its budget"), "{err}");
        std::fs::write(source.join("clairvoie.wasm"), vec![0u8; 1_000_000]).unwrap();
        let packed = pack(&source, &site).unwrap();
        assert!(check_budget(&packed).unwrap() < 1_000);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
