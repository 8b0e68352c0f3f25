//! This instance's Prometheus metrics (`GET /metrics`, text exposition format): HTTP requests by route template
//! and status with a latency histogram, observations ingested / duplicated / rejected, MQTT messages, rows the
//! retention job purged, and background job runs. Counters live in the process (each instance is scraped on
//! its own, as Prometheus expects); they hold no personal data — routes are templates (`/capteurs/{reference}`),
//! never the address asked for.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex};

/// Upper bounds (seconds) of the latency histogram's buckets.
pub const BUCKETS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

#[derive(Default)]
struct RequestStats {
    count: u64,
    sum: f64,
    /// Requests at or under each bound of `BUCKETS` (cumulative when written).
    buckets: [u64; BUCKETS.len()],
}

/// The counters of this process.
#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), RequestStats>>,
    latency: Mutex<BTreeMap<String, RequestStats>>,
    /// Observations stored.
    pub observations_accepted: AtomicU64,
    /// Observations already stored (sent again).
    pub observations_duplicate: AtomicU64,
    /// Observations refused.
    pub observations_rejected: AtomicU64,
    /// MQTT messages received.
    pub mqtt_messages: AtomicU64,
    /// Raw values and hourly aggregates deleted by the retention job.
    pub retention_rows_purged: AtomicU64,
    jobs: Mutex<BTreeMap<(&'static str, bool), u64>>,
}

/// The process's metrics.
pub static METRICS: LazyLock<Metrics> = LazyLock::new(Metrics::default);

impl Metrics {
    /// Counts one answered request: its method, route template, status and duration.
    pub fn request(&self, method: &str, route: &str, status: u16, seconds: f64) {
        if let Ok(mut map) = self.requests.lock() {
            let s = map.entry((method.to_string(), route.to_string(), status)).or_default();
            s.count += 1;
        }
        if let Ok(mut map) = self.latency.lock() {
            let s = map.entry(route.to_string()).or_default();
            s.count += 1;
            s.sum += seconds;
            if let Some(i) = BUCKETS.iter().position(|b| seconds <= *b) {
                s.buckets[i] += 1;
            }
        }
    }

    /// Counts one run of a background job (`retention`, `notifications`), successful or not.
    pub fn job(&self, name: &'static str, ok: bool) {
        if let Ok(mut map) = self.jobs.lock() {
            *map.entry((name, ok)).or_default() += 1;
        }
    }

    /// Adds to a counter.
    pub fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP clairvoie_http_requests_total HTTP requests answered, by method, route and status.\n");
        out.push_str("# TYPE clairvoie_http_requests_total counter\n");
        if let Ok(map) = self.requests.lock() {
            for ((method, route, status), s) in map.iter() {
                out.push_str(&format!(
                    "clairvoie_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {}\n",
                    escape(route),
                    s.count
                ));
            }
        }
        out.push_str("# HELP clairvoie_http_request_duration_seconds Time to answer, by route.\n");
        out.push_str("# TYPE clairvoie_http_request_duration_seconds histogram\n");
        if let Ok(map) = self.latency.lock() {
            for (route, s) in map.iter() {
                let route = escape(route);
                let mut cumulative = 0;
                for (bound, n) in BUCKETS.iter().zip(s.buckets) {
                    cumulative += n;
                    out.push_str(&format!(
                        "clairvoie_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}\n"
                    ));
                }
                out.push_str(&format!(
                    "clairvoie_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}\n",
                    s.count
                ));
                out.push_str(&format!("clairvoie_http_request_duration_seconds_sum{{route=\"{route}\"}} {}\n", s.sum));
                out.push_str(&format!(
                    "clairvoie_http_request_duration_seconds_count{{route=\"{route}\"}} {}\n",
                    s.count
                ));
            }
        }
        let counter = |out: &mut String, name: &str, help: &str, label: Option<&str>, value: &AtomicU64| {
            out.push_str(&format!("# HELP {name} {help}\n# TYPE {name} counter\n"));
            let labels = label.map(|l| format!("{{{l}}}")).unwrap_or_default();
            out.push_str(&format!("{name}{labels} {}\n", value.load(Ordering::Relaxed)));
        };
        out.push_str("# HELP clairvoie_observations_total Observations received, by outcome.\n");
        out.push_str("# TYPE clairvoie_observations_total counter\n");
        for (outcome, value) in [
            ("accepted", &self.observations_accepted),
            ("duplicate", &self.observations_duplicate),
            ("rejected", &self.observations_rejected),
        ] {
            out.push_str(&format!(
                "clairvoie_observations_total{{outcome=\"{outcome}\"}} {}\n",
                value.load(Ordering::Relaxed)
            ));
        }
        counter(&mut out, "clairvoie_mqtt_messages_total", "MQTT messages received.", None, &self.mqtt_messages);
        counter(
            &mut out,
            "clairvoie_retention_rows_purged_total",
            "Raw values and hourly aggregates deleted by the retention job.",
            None,
            &self.retention_rows_purged,
        );
        out.push_str("# HELP clairvoie_job_runs_total Background job runs, by job and result.\n");
        out.push_str("# TYPE clairvoie_job_runs_total counter\n");
        if let Ok(map) = self.jobs.lock() {
            for ((job, ok), n) in map.iter() {
                let result = if *ok { "ok" } else { "error" };
                out.push_str(&format!("clairvoie_job_runs_total{{job=\"{job}\",result=\"{result}\"}} {n}\n"));
            }
        }
        out
    }
}

/// A label value as the exposition format wants it (backslash, quote and newline escaped).
fn escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_fill_a_cumulative_histogram() {
        let m = Metrics::default();
        m.request("GET", "/capteurs/{reference}", 200, 0.003);
        m.request("GET", "/capteurs/{reference}", 404, 0.2);
        m.request("GET", "/capteurs/{reference}", 200, 30.0);
        m.job("retention", true);
        Metrics::add(&m.observations_accepted, 5);
        let text = m.render();
        for line in [
            r#"clairvoie_http_requests_total{method="GET",route="/capteurs/{reference}",status="200"} 2"#,
            r#"clairvoie_http_requests_total{method="GET",route="/capteurs/{reference}",status="404"} 1"#,
            r#"clairvoie_http_request_duration_seconds_bucket{route="/capteurs/{reference}",le="0.005"} 1"#,
            r#"clairvoie_http_request_duration_seconds_bucket{route="/capteurs/{reference}",le="0.25"} 2"#,
            r#"clairvoie_http_request_duration_seconds_bucket{route="/capteurs/{reference}",le="10"} 2"#,
            r#"clairvoie_http_request_duration_seconds_bucket{route="/capteurs/{reference}",le="+Inf"} 3"#,
            r#"clairvoie_http_request_duration_seconds_count{route="/capteurs/{reference}"} 3"#,
            r#"clairvoie_observations_total{outcome="accepted"} 5"#,
            r#"clairvoie_job_runs_total{job="retention",result="ok"} 1"#,
        ] {
            assert!(text.lines().any(|l| l == line), "{line} missing from:\n{text}");
        }
        assert_eq!(escape("a\"b\\c"), "a\\\"b\\\\c");
    }
}
