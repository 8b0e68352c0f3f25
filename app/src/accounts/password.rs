//! Password hashing with Argon2id at OWASP's parameters (19 MiB, 2 passes, 1 lane), off the async runtime:
//! a hash takes tens of milliseconds of CPU and must not stall other requests.

use crate::error::AppError;
use argon2::password_hash::{phc::PasswordHash, PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::LazyLock;

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("OWASP parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A hash of a throw-away password: verifying against it makes an unknown address cost as much time as a
/// known one, so response times do not reveal which addresses have accounts.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hasher().hash_password(b"clairvoie-dummy-password").map(|h| h.to_string()).unwrap_or_default());

type Job = Box<dyn FnOnce() + Send>;

/// Argon2 runs on its own threads, one per core, fed by a queue: each computation takes 19 MiB, so a burst of
/// sign-ins (a thousand voters at the opening of a vote, or an attack) waits its turn instead of growing memory
/// — and only these few threads ever hold that memory (the runtime's blocking pool would spread it over as many
/// threads, each keeping its own allocator arena).
static WORKERS: LazyLock<std::sync::Mutex<std::sync::mpsc::Sender<Job>>> = LazyLock::new(|| {
    let (tx, rx) = std::sync::mpsc::channel::<Job>();
    let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
    for n in 0..std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2) {
        let rx = rx.clone();
        let spawned = std::thread::Builder::new().name(format!("argon2-{n}")).spawn(move || loop {
            let job = match rx.lock() {
                Ok(rx) => rx.recv(),
                Err(_) => return,
            };
            match job {
                Ok(job) => job(),
                Err(_) => return,
            }
        });
        if let Err(e) = spawned {
            tracing::error!(error = %e, "starting a password hashing thread");
        }
    }
    std::sync::Mutex::new(tx)
});

/// Runs `work` on the hashing threads and waits for its result.
async fn on_workers<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = tx.send(work());
    });
    WORKERS
        .lock()
        .map_err(|_| AppError::Internal("hashing queue poisoned".into()))?
        .send(job)
        .map_err(|_| AppError::Internal("hashing threads gone".into()))?;
    rx.await.map_err(|_| AppError::Internal("hashing job dropped".into()))
}

/// Hashes a password into a PHC string.
pub async fn hash(password: String) -> Result<String, AppError> {
    on_workers(move || {
        hasher()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("argon2: {e}")))
    })
    .await?
}

/// Checks a password against a stored hash; `None` (no account or no password yet) still spends the time.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    on_workers(move || {
        let (phc, real) = match stored {
            Some(s) => (s, true),
            None => (DUMMY_HASH.clone(), false),
        };
        let Ok(parsed) = PasswordHash::new(&phc) else {
            return false;
        };
        hasher().verify_password(password.as_bytes(), &parsed).is_ok() && real
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_with_owasp_parameters_and_verifies() {
        let h = hash("cheval-agrafe-pile".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("cheval-agrafe-pile".into(), Some(h.clone())).await);
        assert!(!verify("cheval-agrafe-pilE".into(), Some(h)).await);
        assert!(!verify("clairvoie-dummy-password".into(), None).await);
    }
}
