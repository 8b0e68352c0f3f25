//! The same requests a test sends to the in-process router, sent instead to a real `clairvoie serve` over TCP
//! (HTTP/1.1, one connection per request): tests of several processes on one database reuse every helper.

use axum::body::Body;
use axum::http::{Request, Response, StatusCode};
use http_body_util::BodyExt;
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A device's batch of measurements (`POST /api/v1/observations` with its token), ready to send.
pub fn observations(token: &str, body: String) -> Request<Body> {
    Request::post("/api/v1/observations")
        .header(axum::http::header::HOST, "localhost")
        .header(axum::http::header::AUTHORIZATION, format!("Bearer {token}"))
        .header(axum::http::header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap()
}

/// Sends `request` to the server at `addr` and reads the whole answer.
pub async fn send(addr: SocketAddr, request: Request<Body>) -> Response<Body> {
    try_send(addr, request).await.unwrap_or_else(|e| panic!("{addr}: {e}"))
}

/// Sends `request` to the server at `addr`; an error when the connection fails or breaks before the whole
/// answer (a server killed meanwhile).
pub async fn try_send(addr: SocketAddr, request: Request<Body>) -> Result<Response<Body>, String> {
    let (parts, body) = request.into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    let target = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let mut head = format!("{} {target} HTTP/1.1\r\n", parts.method);
    for (name, value) in &parts.headers {
        head.push_str(&format!("{name}: {}\r\n", value.to_str().unwrap()));
    }
    head.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", body.len()));
    let mut stream = tokio::net::TcpStream::connect(addr).await.map_err(|e| format!("connecting: {e}"))?;
    stream.write_all(head.as_bytes()).await.map_err(|e| format!("sending: {e}"))?;
    stream.write_all(&body).await.map_err(|e| format!("sending: {e}"))?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.map_err(|e| format!("reading: {e}"))?;
    if !raw.windows(4).any(|w| w == b"\r\n\r\n") {
        return Err("the connection closed before an answer".into());
    }
    Ok(parse(&raw))
}

/// Reads an HTTP/1.1 answer (status line, headers, a body of known length or chunked).
fn parse(raw: &[u8]) -> Response<Body> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("an HTTP answer");
    let head = std::str::from_utf8(&raw[..end]).unwrap();
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next().unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
    let mut response = Response::builder().status(StatusCode::from_u16(status).unwrap());
    let mut chunked = false;
    for line in lines {
        let (name, value) = line.split_once(':').unwrap();
        let value = value.trim();
        if name.eq_ignore_ascii_case("transfer-encoding") && value.eq_ignore_ascii_case("chunked") {
            chunked = true;
            continue;
        }
        response = response.header(name, value);
    }
    let rest = &raw[end + 4..];
    let body = if chunked { dechunk(rest) } else { rest.to_vec() };
    response.body(Body::from(body)).unwrap()
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n").expect("a chunk size");
        let size_text = std::str::from_utf8(&rest[..line_end]).unwrap();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap();
        rest = &rest[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}
