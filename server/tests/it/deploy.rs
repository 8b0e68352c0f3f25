//! The deployment files under `server/deploy/` hold what they claim: the Mosquitto ACL, run by a real Mosquitto,
//! gives each device its own topic and the bridge (also as a shared subscription) every device's; the guide's
//! configuration reference and `clairvoie --help` name every variable the binary reads. Fails, never skips, when
//! Mosquitto is not installed (the test command installs it).

use rumqttc::{AsyncClient, Event, MqttOptions, Packet, QoS};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const ACL: &str = include_str!("../../deploy/mosquitto.acl");
const GUIDE: &str = include_str!("../../deploy/README.md");
const ENV_EXAMPLE: &str = include_str!("../../deploy/clairvoie.env");
const CONFIG_RS: &str = include_str!("../../../app/src/config.rs");
const MAIN_RS: &str = include_str!("../../src/main.rs");

/// The names in `var("…")` calls of a source file.
fn variables_read(source: &str) -> Vec<String> {
    source
        .split("var(\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|name| name.chars().all(|c| c.is_ascii_uppercase() || c == '_') && !name.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn every_variable_read_is_documented() {
    let mut read = variables_read(CONFIG_RS);
    read.extend(variables_read(MAIN_RS));
    // Read by libraries rather than by a `var` call of ours.
    read.extend(["RUST_LOG".to_string(), "LEPTOS_SITE_ROOT".to_string()]);
    read.sort();
    read.dedup();
    assert!(read.len() >= 17, "the variables were found in the sources: {read:?}");
    let help = Command::new(env!("CARGO_BIN_EXE_clairvoie")).arg("--help").output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    for name in &read {
        assert!(GUIDE.contains(&format!("| `{name}` |")), "{name} is missing from the guide's reference");
        assert!(help.contains(name), "{name} is missing from clairvoie --help");
    }
    for line in ENV_EXAMPLE.lines().filter(|l| !l.starts_with('#') && l.contains('=')) {
        let name = line.trim_start_matches("# ").split('=').next().unwrap();
        assert!(read.iter().any(|r| r == name), "the example sets {name}, which nothing reads");
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

struct Broker(Child);

impl Drop for Broker {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn mosquitto() -> &'static str {
    ["/usr/sbin/mosquitto", "/usr/bin/mosquitto"].into_iter().find(|p| std::path::Path::new(p).exists()).expect(
        "Mosquitto is needed (Debian package mosquitto; the test command installs it): the deployment ACL is tested on it",
    )
}

/// A client of the broker at `port` signed in as `user`, with its incoming messages' topics and payloads.
fn client(port: u16, user: &str) -> (AsyncClient, tokio::sync::mpsc::UnboundedReceiver<(String, String)>) {
    let mut options = MqttOptions::new(format!("{user}-{}", std::process::id()), "127.0.0.1", port);
    options.set_credentials(user, format!("{user}-secret"));
    let (client, mut events) = AsyncClient::new(options, 16);
    let (sender, received) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        loop {
            match events.poll().await {
                Ok(Event::Incoming(Packet::Publish(m))) => {
                    let _ = sender.send((m.topic.clone(), String::from_utf8_lossy(&m.payload).into_owned()));
                }
                Ok(_) => {}
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    });
    (client, received)
}

#[tokio::test]
async fn the_broker_acl_gives_each_device_its_own_topic() {
    let dir = std::env::temp_dir().join(format!("clairvoie-deploy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let passwd = dir.join("passwd");
    std::fs::write(&passwd, "").unwrap();
    for user in ["clairvoie", "PK-0042", "PK-0043"] {
        let status = Command::new("mosquitto_passwd")
            .args(["-b", passwd.to_str().unwrap(), user, &format!("{user}-secret")])
            .status()
            .expect("mosquitto_passwd (Debian package mosquitto) is needed");
        assert!(status.success());
    }
    let acl = dir.join("clairvoie.acl");
    std::fs::write(&acl, ACL).unwrap();
    let port = free_port();
    // The deployment's settings, on a port of this test's own and without persistence.
    let config = dir.join("mosquitto.conf");
    std::fs::write(
        &config,
        format!(
            "per_listener_settings false\nlistener {port} 127.0.0.1\nallow_anonymous false\npassword_file {}\n\
             acl_file {}\npersistence false\n",
            passwd.display(),
            acl.display()
        ),
    )
    .unwrap();
    let _broker = Broker(
        Command::new(mosquitto()).arg("-c").arg(&config).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap(),
    );
    for _ in 0..50 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let (bridge, mut to_bridge) = client(port, "clairvoie");
    bridge.subscribe("$share/clairvoie/clairvoie/+/observations", QoS::AtLeastOnce).await.unwrap();
    let (device, _) = client(port, "PK-0042");
    let (other, mut to_other) = client(port, "PK-0043");
    other.subscribe("clairvoie/+/observations", QoS::AtLeastOnce).await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;

    // Another device's topic is refused by the broker; its own reaches the bridge, and only the bridge.
    device.publish("clairvoie/PK-0043/observations", QoS::AtLeastOnce, false, "not mine").await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut delivered = None;
    for _ in 0..20 {
        device.publish("clairvoie/PK-0042/observations", QoS::AtLeastOnce, false, "mine").await.unwrap();
        if let Ok(Some(m)) = tokio::time::timeout(Duration::from_millis(500), to_bridge.recv()).await {
            delivered = Some(m);
            break;
        }
    }
    assert_eq!(
        delivered,
        Some(("clairvoie/PK-0042/observations".to_string(), "mine".to_string())),
        "the first message the bridge gets is the device's own (the other was refused)"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(to_other.try_recv().is_err(), "a device reads no other device's messages");
    let _ = std::fs::remove_dir_all(&dir);
}
