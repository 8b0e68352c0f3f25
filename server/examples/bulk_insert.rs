//! The ingestion benchmark's yardstick and filler: inserts rows straight into `observations` with multi-row
//! INSERTs (1,000 rows per statement and per transaction), bypassing HTTP, JSON and every check — what the
//! database itself allows on this machine, measured in the same run as the API.
//!
//! `DATABASE_URL=… cargo run --release -p server --example bulk_insert -- REF/name ROWS START_MS [STEP_MS]`
//! prints `rows/s`. With START_MS far enough in the past the rows are all due for deletion (the retention
//! benchmark's 10 million rows). The sensor is put in service (with ROWS 0, that is all it does).

use std::time::Instant;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(stream), Some(rows), Some(start)) = (args.first(), args.get(1), args.get(2)) else {
        eprintln!("usage: bulk_insert REF/name ROWS START_MS [STEP_MS]");
        std::process::exit(2);
    };
    let rows: i64 = rows.parse().expect("ROWS");
    let start: i64 = start.parse().expect("START_MS");
    let step: i64 = args.get(3).map(|s| s.parse().expect("STEP_MS")).unwrap_or(1);
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let db = app::db::Db::connect(&url).await.expect("database");
    let (reference, name) = stream.split_once('/').expect("REF/name");
    let (id,): (i64,) = sqlx::query_as(
        "SELECT d.id FROM datastreams d JOIN sensors s ON s.id = d.sensor_id WHERE s.reference = $1 AND d.name = $2",
    )
    .bind(reference)
    .bind(name)
    .fetch_one(&db.pool)
    .await
    .expect("the datastream exists");
    // A benchmark shortcut: the sensor is put in service so the API accepts its measurements too.
    sqlx::query("UPDATE sensors SET status = 'active' WHERE reference = $1")
        .bind(reference)
        .execute(&db.pool)
        .await
        .expect("activate");
    if rows == 0 {
        return;
    }
    let now = app::db::now();
    let began = Instant::now();
    let mut done = 0;
    while done < rows {
        let chunk = (rows - done).min(1000);
        // The same placeholders as the API's inserts (anonymous on SQLite: see `values_list`).
        let sql = format!(
            "INSERT INTO observations (datastream_id, time, number, received_at) VALUES {} \
             ON CONFLICT (datastream_id, time) DO NOTHING",
            app::ingest::queries::values_list(db.backend, chunk as usize, 4)
        );
        let mut query = sqlx::query(&sql);
        for i in 0..chunk {
            let n = done + i;
            query = query.bind(id).bind(start + n * step).bind((n % 100) as f64).bind(now);
        }
        let mut tx = db.pool.begin().await.expect("begin");
        query.execute(&mut *tx).await.expect("insert");
        tx.commit().await.expect("commit");
        done += chunk;
    }
    let seconds = began.elapsed().as_secs_f64();
    println!("{:.0}", rows as f64 / seconds);
}
