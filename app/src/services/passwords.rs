//! Password hashing: argon2id, m=19456 KiB, t=2, p=1 (OWASP's minimum), computed on the
//! blocking pool with at most `concurrency` hashes at once so a log-in flood cannot starve
//! the async workers. Unknown accounts get a verification against a dummy hash, so a
//! failed log-in takes the same time whether or not the account exists.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokio::sync::{OnceCell, Semaphore};

use crate::error::AppError;

pub const M_COST_KIB: u32 = 19_456;
pub const T_COST: u32 = 2;
pub const P_COST: u32 = 1;

#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    dummy: Arc<OnceCell<String>>,
    /// Verifications run so far (real and dummy), so tests can check that every log-in
    /// attempt pays for exactly one, without timing anything.
    verifications: Arc<AtomicU64>,
}

fn argon2() -> Result<Argon2<'static>, AppError> {
    let params = Params::new(M_COST_KIB, T_COST, P_COST, None).map_err(|_| AppError::Internal)?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

fn hash_blocking(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()?
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| AppError::Internal)
}

fn verify_blocking(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        // The parameters come from the stored string, so older hashes keep verifying.
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

impl Hasher {
    pub fn new(concurrency: usize) -> Self {
        Hasher {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            dummy: Arc::new(OnceCell::new()),
            verifications: Arc::new(AtomicU64::new(0)),
        }
    }

    async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let _permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| AppError::Internal)?;
        tokio::task::spawn_blocking(job)
            .await
            .map_err(|_| AppError::Internal)
    }

    pub async fn hash(&self, password: &str) -> Result<String, AppError> {
        let password = password.to_string();
        self.run(move || hash_blocking(&password)).await?
    }

    pub fn verifications(&self) -> u64 {
        self.verifications.load(Ordering::Relaxed)
    }

    pub async fn verify(&self, password: &str, phc: &str) -> Result<bool, AppError> {
        self.verifications.fetch_add(1, Ordering::Relaxed);
        let (password, phc) = (password.to_string(), phc.to_string());
        self.run(move || verify_blocking(&password, &phc)).await
    }

    /// Spends the time of a real verification, for accounts that do not exist.
    pub async fn verify_dummy(&self, password: &str) -> Result<(), AppError> {
        let dummy = self
            .dummy
            .get_or_try_init(|| async {
                let random = super::tokens::new_secret();
                self.hash(&random).await
            })
            .await?
            .clone();
        self.verify(password, &dummy).await.map(|_| ())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_with_owasp_parameters_and_verify() {
        let hasher = Hasher::new(2);
        let phc = hasher.hash("correct horse battery staple").await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(hasher
            .verify("correct horse battery staple", &phc)
            .await
            .unwrap());
        assert!(!hasher
            .verify("correct horse battery stapler", &phc)
            .await
            .unwrap());
        assert!(!hasher.verify("anything", "not a phc string").await.unwrap());
        hasher.verify_dummy("whatever").await.unwrap();
    }

    #[tokio::test]
    async fn the_same_password_gets_different_salts() {
        let hasher = Hasher::new(1);
        let a = hasher.hash("same password!").await.unwrap();
        let b = hasher.hash("same password!").await.unwrap();
        assert_ne!(a, b);
    }
}
