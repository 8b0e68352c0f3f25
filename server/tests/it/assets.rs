//! The site's built files and pages on the wire (issue 24, "first visit"): content-hashed names linked by the
//! pages, the precompressed variant the browser accepts, a year of cache for built files and none for pages,
//! pages compressed on the fly, and nothing of the request (CSRF token, signed-in person) sent to the page
//! beyond the markup that shows it.

use crate::common;

use axum::http::StatusCode;
use common::consultations::{resident, PASSWORD};
use common::{Engine, TestApp};
use std::io::Read;

/// A site packed the way `.cargo/dev.sh build` does, from small stand-ins for the build's files.
fn packed_site(dir: &std::path::Path) -> std::path::PathBuf {
    let source = dir.join("site-build");
    std::fs::create_dir_all(source.join("maplibre")).unwrap();
    let files: [(&str, String); 7] = [
        ("clairvoie.css", "main { margin: 0 auto; max-width: 60rem; }\n".repeat(300)),
        ("clairvoie.js", "export default function init() {}\n".repeat(50)),
        ("clairvoie.wasm", "\0asm".repeat(2000)),
        ("carte.js", "(function () { 'use strict'; })();\n".repeat(40)),
        ("favicon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>".into()),
        ("maplibre/maplibre-gl.css", ".maplibregl-map { overflow: hidden; }\n".repeat(100)),
        ("robots.txt", "User-agent: *\nAllow: /\n".into()),
    ];
    for (name, content) in files {
        std::fs::write(source.join(name), content).unwrap();
    }
    let site = dir.join("site");
    app::web::assets::pack(&source, &site).unwrap();
    site
}

fn link_to(body: &str, prefix: &str, ext: &str) -> String {
    let start = body.find(prefix).unwrap_or_else(|| panic!("no link to {prefix}…{ext} in the page"));
    let end = body[start..].find(ext).unwrap() + start + ext.len();
    body[start..end].to_string()
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).unwrap();
    out
}

#[tokio::test]
async fn built_files_have_hashed_names_precompressed_variants_and_a_year_of_cache() {
    let dir = std::env::temp_dir().join(format!("clairvoie-assets-{}", common::rand_u64()));
    let site = packed_site(&dir);
    let mut app = TestApp::with_config(Engine::Sqlite, |c| c.site_root = site.display().to_string()).await;

    let home = app.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    let css = link_to(&home.body, "/pkg/clairvoie.", ".css");
    assert_eq!(css.len(), "/pkg/clairvoie..css".len() + 16, "a 16-digit content hash: {css}");
    let original = std::fs::read(dir.join("site-build/clairvoie.css")).unwrap();

    // Brotli when the browser takes it, gzip else, the file as it is for a client that takes neither.
    let (br, bytes) = app.get_with(&css, &[("accept-encoding", "gzip, deflate, br")]).await;
    assert_eq!(br.status, StatusCode::OK);
    assert_eq!(br.headers["content-encoding"], "br");
    assert_eq!(br.headers["cache-control"], "public, max-age=31536000, immutable");
    // A shared cache must key the variants on what the client accepts.
    assert_eq!(br.headers["vary"], "accept-encoding");
    assert!(bytes.len() * 5 < original.len(), "{} bytes with Brotli for {}", bytes.len(), original.len());
    let mut unbrotli = Vec::new();
    brotli::Decompressor::new(bytes.as_slice(), 4096).read_to_end(&mut unbrotli).unwrap();
    assert_eq!(unbrotli, original);
    let (gz, bytes) = app.get_with(&css, &[("accept-encoding", "gzip")]).await;
    assert_eq!(gz.headers["content-encoding"], "gzip");
    assert_eq!(gunzip(&bytes), original);
    let (plain, bytes) = app.get_with(&css, &[]).await;
    assert!(plain.headers.get("content-encoding").is_none());
    assert_eq!(bytes, original);
    assert!(plain.content_type.starts_with("text/css"), "{}", plain.content_type);
    // Asked again with the date it was served at: not sent again.
    let since = plain.headers["last-modified"].to_str().unwrap().to_string();
    let (again, bytes) = app.get_with(&css, &[("if-modified-since", &since)]).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(bytes.is_empty());

    // The map's files, linked by the pages that have a map, are served under their hashed names too.
    let map_page = app.get("/capteurs").await;
    let map_style = link_to(&map_page.body, "/pkg/maplibre/maplibre-gl.", ".css");
    let (style, _) = app.get_with(&map_style, &[("accept-encoding", "br")]).await;
    assert_eq!((style.status, style.headers["content-encoding"].to_str().unwrap()), (StatusCode::OK, "br"));
    let script = link_to(&map_page.body, "/pkg/carte.", ".js");
    assert_eq!(app.get(&script).await.status, StatusCode::OK);

    // A folder is not a file: no listing, no redirect (which once lost `/pkg` and could start with `//`).
    for folder in ["/pkg/maplibre", "/pkg///maplibre", "/pkg/maplibre/"] {
        let (dir, _) = app.get_with(folder, &[]).await;
        assert_eq!(dir.status, StatusCode::NOT_FOUND, "{folder}");
        assert!(dir.headers.get("location").is_none(), "{folder}");
    }
    // An unknown or stale name is a 404 that no cache keeps; the fixed names keep theirs and a short cache.
    let (missing, _) = app.get_with("/pkg/clairvoie.0000000000000000.css", &[]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.headers.get("cache-control").is_none_or(|c| !c.to_str().unwrap().contains("immutable")));
    // Nothing else in the site's folder is served: not the manifest, not a built file by another spelling of
    // its address (which went around the headers above), and the page says so in the town's words.
    let encoded = css.replacen("/pkg/", "/%70kg/", 1);
    for other in ["/assets.json", "/pkg/../assets.json", encoded.as_str(), "/site-build/clairvoie.css"] {
        let (page, _) = app.get_with(other, &[("accept", "text/html")]).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{other}");
        assert!(!page.body.contains("main { margin"), "{other} served a file");
    }
    let (robots, _) = app.get_with("/robots.txt", &[]).await;
    assert_eq!(
        (robots.status, robots.headers["cache-control"].to_str().unwrap()),
        (StatusCode::OK, "public, max-age=3600")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn pages_are_compressed_for_clients_that_accept_it_and_never_cached() {
    let mut app = TestApp::new(Engine::Sqlite).await;
    let (plain, raw) = app.get_with("/capteurs", &[]).await;
    assert!(plain.headers.get("content-encoding").is_none());
    let (gz, bytes) = app.get_with("/capteurs", &[("accept-encoding", "gzip")]).await;
    assert_eq!(gz.headers["content-encoding"], "gzip");
    assert_eq!(gz.headers["cache-control"], "no-store");
    assert!(bytes.len() * 3 < raw.len(), "{} bytes gzipped for {}", bytes.len(), raw.len());
    assert!(String::from_utf8(gunzip(&bytes)).unwrap().contains("</html>"));
    let (br, _) = app.get_with("/capteurs", &[("accept-encoding", "br;q=1, gzip;q=0.5")]).await;
    assert_eq!(br.headers["content-encoding"], "br");
}

/// BREACH: a compressed page must not repeat a secret an attacker could guess byte by byte by reflecting text
/// into the same page. The CSRF token is masked afresh in each form, and the page carries no copy of the
/// request's context (the signed-in person's address, the token) for a script.
#[tokio::test]
async fn pages_never_repeat_the_csrf_token_nor_carry_the_request_context() {
    let mut app = TestApp::new(Engine::Sqlite).await;
    resident(&app, "zoe@exemple.fr", "Zoé", None).await;
    app.sign_in("zoe@exemple.fr", PASSWORD).await;
    let token = app.csrf();
    assert!(!token.is_empty());
    let first = app.get("/compte").await;
    let second = app.get("/compte").await;
    assert!(!first.body.contains(&token), "the raw token is in the page");
    assert!(!first.body.contains("zoe@exemple.fr\""), "the address is in a script of the page");
    let masked = |body: &str| -> Vec<String> {
        body.match_indices("name=\"csrf\" value=\"")
            .map(|(at, m)| body[at + m.len()..].split('"').next().unwrap().to_string())
            .collect()
    };
    let (a, b) = (masked(&first.body), masked(&second.body));
    assert!(!a.is_empty());
    assert!(a.iter().all(|m| m.len() == token.len() * 4), "{a:?}");
    assert!(a.iter().all(|m| !b.contains(m)), "a form's masked token comes back in the next page");
    // Each masked token is accepted: the page's own form (the language switch) posts with it.
    let back = app.post_raw("/langue", &[("csrf", &a[0]), ("lang", "en"), ("next", "/compte")]).await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    assert!(app.get("/compte").await.body.contains("lang=\"en\""));
}
