//! Mail through a real SMTP conversation, and the settings that follow from an https public address.

use crate::common;

use axum::http::StatusCode;
use common::{Engine, TestApp};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A minimal SMTP server: accepts one session and returns everything the client sent after DATA.
async fn one_mail_smtp_server() -> (u16, tokio::task::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = tokio::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read).lines();
        write.write_all(b"220 test.example ESMTP\r\n").await.unwrap();
        let mut data = String::new();
        let mut in_data = false;
        while let Some(line) = lines.next_line().await.unwrap() {
            if in_data {
                if line == "." {
                    // The client pools its connection and sends QUIT only later: the mail is complete now.
                    write.write_all(b"250 2.0.0 queued\r\n").await.unwrap();
                    break;
                } else {
                    data.push_str(&line);
                    data.push('\n');
                }
                continue;
            }
            let verb = line.split_whitespace().next().unwrap_or_default().to_ascii_uppercase();
            let reply: &[u8] = match verb.as_str() {
                "EHLO" | "HELO" => b"250 test.example\r\n",
                "MAIL" | "RCPT" | "RSET" | "NOOP" => b"250 2.1.0 ok\r\n",
                "DATA" => {
                    in_data = true;
                    b"354 end with .\r\n"
                }
                "QUIT" => {
                    write.write_all(b"221 bye\r\n").await.unwrap();
                    break;
                }
                _ => b"502 unknown\r\n",
            };
            write.write_all(reply).await.unwrap();
        }
        data
    });
    (port, handle)
}

/// With `SMTP_URL` set, registration mails the verification link through the relay (not the outbox).
#[tokio::test]
async fn registration_mail_goes_through_smtp() {
    let (port, server) = one_mail_smtp_server().await;
    let mut app = TestApp::with_config(Engine::Sqlite, |c| c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))).await;
    let password = "cheval-agrafe-pile-nord";
    app.post_and_follow(
        "/compte/inscription",
        &[
            ("email", "smtp@example.org"),
            ("display_name", "Par SMTP"),
            ("password", password),
            ("password_confirm", password),
        ],
    )
    .await;
    let data = tokio::time::timeout(std::time::Duration::from_secs(10), server).await.unwrap().unwrap();
    let unfolded = data.replace("=\n", "");
    assert!(unfolded.contains("To: smtp@example.org"), "{data}");
    assert!(unfolded.contains("Subject: Saint-Clair-sur-Loire"), "{data}");
    assert!(unfolded.contains("http://localhost/compte/verifier?jeton="), "{data}");
    assert!(app.mails().is_empty(), "nothing written to the outbox");
}

/// An https public address makes cookies Secure and adds HSTS.
#[tokio::test]
async fn https_public_address_secures_cookies() {
    let mut app = TestApp::with_config(Engine::Sqlite, |c| c.public_url = "https://ville.example.fr".into()).await;
    let page = app.get("/").await;
    assert!(page.headers["strict-transport-security"].to_str().unwrap().starts_with("max-age="));
    let set_cookies: Vec<_> =
        page.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    // The CSRF cookie carries the `__Host-` prefix: Secure, the whole site, this host only.
    assert!(
        set_cookies.iter().any(|c| c.starts_with("__Host-clairvoie_csrf=")
            && c.contains("Secure")
            && c.contains("Path=/;")
            && !c.contains("Domain")),
        "{set_cookies:?}"
    );
    let page = app.sign_in("habitant@demo.clairvoie.fr", "demo-habitant-clairvoie").await;
    assert_eq!(page.status, StatusCode::OK);
    // The sign-in response set the session cookie: Secure, HttpOnly, SameSite=Lax.
    app.new_visitor();
    app.get("/").await;
    let answer = app
        .post("/compte/connexion", &[("email", "habitant@demo.clairvoie.fr"), ("password", "demo-habitant-clairvoie")])
        .await;
    let session = answer
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("clairvoie_session="))
        .expect("a session cookie");
    assert!(
        session.contains("Secure") && session.contains("HttpOnly") && session.contains("SameSite=Lax"),
        "{session}"
    );

    // Plain http (the default in these tests) sets neither.
    let mut plain = TestApp::new(Engine::Sqlite).await;
    let page = plain.get("/").await;
    assert!(!page.headers.contains_key("strict-transport-security"));
    assert!(page.headers.get_all("set-cookie").iter().all(|c| !c.to_str().unwrap().contains("Secure")));
}
