//! The benchmarks' yardstick: the smallest axum server (one handler answering "ok"), measured in the same run
//! as Clairvoie so that the figures say what the machine and the load tool allow.
//! `cargo run --release -p server --example baseline -- 127.0.0.1:3901`

#[tokio::main]
async fn main() {
    let addr = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:3901".into());
    let app = axum::Router::new().route("/", axum::routing::get(|| async { "ok" }));
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("listen");
    axum::serve(listener, app).await.expect("serve");
}
