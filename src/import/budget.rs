//! [`Budget`]: how much work one foreign file may cost, and the user's [`Cancel`]. A hostile
//! file must not stall or flood the app, so the expensive steps are bounded per *file*, not per
//! call: key derivations (scrypt, PBKDF2, Argon2) are costed before they run and summed over
//! every slot and token of the file; SQLite work is bounded by a progress handler
//! ([`super::sqlite`]); listed problems are capped ([`super::ImportReport`]). A refusal or a
//! cancel is remembered here and becomes the file's one error in [`super::import_bytes_with`],
//! whatever the format module made of it. Knows no format and does no I/O.

use std::cell::{Cell, RefCell};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::crypto::{CryptoError, Kdf, Key, MAX_KDF_MEMORY_BYTES};

/// Cost units of key derivations (see `crypto::Kdf::cost`): Aegis' default password slot,
/// scrypt N=2^15, r=8, p=1, costs N·r·p = 2^18 of them.
pub const AEGIS_DEFAULT_SCRYPT_COST: u64 = 1 << 18;

/// What all the key derivations of one file may cost together: 16 default Aegis slots, about
/// 2 s of a release build on this (shared, loaded) machine. Real backups need one or two
/// derivations: andOTP's ~145,000 PBKDF2 rounds are 1/3 of a default slot, Stratum's Argon2id
/// (64 MiB × 3) 3 slots, an Authy backup of 50 tokens × 100,000 rounds with their own salts 12.
pub const KDF_COST_PER_FILE: u64 = 16 * AEGIS_DEFAULT_SCRYPT_COST;

/// Stops an import from another thread (the window's Cancel button). Clones share the flag.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks the import to stop; it ends with [`super::ImportError::Cancelled`] at its next check
    /// (before each key derivation, every few thousand SQLite steps or text lines).
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// The flag itself, for a callback that must own it (SQLite's progress handler).
    pub(crate) fn flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.0)
    }
}

/// Why a file was stopped before its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Stop {
    Cancelled,
    /// Too much work; the detail says what, in words for the user.
    TooCostly(String),
}

/// The work left for one file. Not shared between threads: only [`Cancel`] is.
#[derive(Debug)]
pub(crate) struct Budget {
    cancel: Cancel,
    kdf_total: u64,
    kdf_left: Cell<u64>,
    stop: RefCell<Option<Stop>>,
}

impl Budget {
    pub fn new(cancel: &Cancel) -> Self {
        Self::with_kdf_cost(cancel, KDF_COST_PER_FILE)
    }

    pub fn with_kdf_cost(cancel: &Cancel, kdf_cost: u64) -> Self {
        Self {
            cancel: cancel.clone(),
            kdf_total: kdf_cost,
            kdf_left: Cell::new(kdf_cost),
            stop: RefCell::new(None),
        }
    }

    pub fn cancel(&self) -> &Cancel {
        &self.cancel
    }

    /// Whether work may go on: `false` once cancelled or refused (and then remembered).
    pub fn go_on(&self) -> bool {
        if self.cancel.is_cancelled() {
            self.stop_with(Stop::Cancelled);
        }
        self.stop.borrow().is_none()
    }

    /// Runs `kdf` if the file's budget can pay for it. When it cannot (too costly, or more
    /// memory than [`MAX_KDF_MEMORY_BYTES`], or cancelled) nothing is derived, the reason is
    /// remembered and the answer is [`CryptoError::BadParameter`]; the file's result is then
    /// the remembered reason, whatever the importer makes of the error.
    pub fn derive(&self, kdf: Kdf, password: &[u8], salt: &[u8]) -> Result<Key, CryptoError> {
        let memory = kdf.memory_bytes();
        if memory > MAX_KDF_MEMORY_BYTES {
            self.refuse(format!(
                "asks for a key derivation ({}) that needs {} MiB of memory; OTP Desk allows {} MiB",
                kdf.describe(),
                memory >> 20,
                MAX_KDF_MEMORY_BYTES >> 20
            ));
            return Err(CryptoError::BadParameter);
        }
        if !self.spend_kdf(kdf.cost(), &kdf.describe()) {
            return Err(CryptoError::BadParameter);
        }
        kdf.derive(password, salt)
    }

    /// Takes `cost` units for a key derivation, or refuses (remembering why) when the file's
    /// budget cannot pay for it; nothing is taken then, and nothing should be derived.
    pub fn spend_kdf(&self, cost: u64, what: &str) -> bool {
        if !self.go_on() {
            return false;
        }
        match self.kdf_left.get().checked_sub(cost) {
            Some(left) => {
                self.kdf_left.set(left);
                true
            }
            None => {
                let times = self.kdf_total / AEGIS_DEFAULT_SCRYPT_COST;
                self.refuse(if self.kdf_left.get() == self.kdf_total {
                    format!(
                        "asks for a key derivation ({what}) that takes more than {times}× the \
                         work of an Aegis vault with default settings"
                    )
                } else {
                    format!(
                        "asks for key derivations (… {what}) that together take more than \
                         {times}× the work of an Aegis vault with default settings"
                    )
                });
                false
            }
        }
    }

    /// Records that the file asks for too much (`detail` completes "the file …": "asks for …").
    pub fn refuse(&self, detail: impl Into<String>) {
        self.stop_with(Stop::TooCostly(detail.into()));
    }

    /// The first reason the file was stopped, if any.
    pub fn stopped(&self) -> Option<Stop> {
        if self.cancel.is_cancelled() {
            self.stop_with(Stop::Cancelled);
        }
        self.stop.borrow().clone()
    }

    fn stop_with(&self, stop: Stop) {
        self.stop.borrow_mut().get_or_insert(stop);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kdf_budget_is_for_the_whole_file() {
        let budget = Budget::with_kdf_cost(&Cancel::new(), 10);
        assert!(budget.spend_kdf(6, "slot 1"));
        assert!(!budget.spend_kdf(6, "slot 2"), "6 + 6 is over 10");
        assert!(!budget.go_on(), "a refusal stops the rest of the file");
        let Some(Stop::TooCostly(detail)) = budget.stopped() else {
            panic!("{:?}", budget.stopped());
        };
        assert!(detail.contains("slot 2"), "{detail}");
    }

    #[test]
    fn real_backups_fit_the_budget() {
        use crate::import::crypto::Prf;
        let pbkdf2 = |prf, iterations| Kdf::Pbkdf2 { prf, iterations }.cost();
        let real = [
            ("Aegis, three password slots", 3 * AEGIS_DEFAULT_SCRYPT_COST),
            ("andOTP", pbkdf2(Prf::Sha1, 160_000)),
            ("Authy, 50 salts", 50 * pbkdf2(Prf::Sha1, 100_000)),
            ("FreeOTP 2", pbkdf2(Prf::Sha512, 100_000)),
            (
                "2FAS, services and reference",
                2 * pbkdf2(Prf::Sha256, 10_000),
            ),
            (
                "Stratum",
                Kdf::Argon2id {
                    memory_kib: 65_536,
                    passes: 3,
                    lanes: 4,
                }
                .cost(),
            ),
        ];
        for (what, cost) in real {
            assert!(cost <= KDF_COST_PER_FILE, "{what}: {cost}");
        }
        assert!(pbkdf2(Prf::Sha1, 10_000_000) > KDF_COST_PER_FILE);
    }

    #[test]
    fn cancel_from_another_thread_stops_the_next_step() {
        let cancel = Cancel::new();
        let budget = Budget::new(&cancel);
        assert!(budget.spend_kdf(1, "first"));
        let remote = cancel.clone();
        std::thread::spawn(move || remote.cancel()).join().unwrap();
        assert!(!budget.spend_kdf(1, "second"));
        assert_eq!(budget.stopped(), Some(Stop::Cancelled));
    }
}
