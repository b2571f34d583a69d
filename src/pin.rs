//! What a desk PIN or the app password must be, and what guessing one costs: the one rule
//! that the app lock (`applock`) and the desk (`desk`) both follow, kept below both.

use argon2::{Algorithm, Argon2, Params, Version};

/// The shortest PIN or password a person may have.
pub const MIN_PIN_CHARS: usize = 6;

/// Wrong attempts in a row that cost no wait.
pub const FREE_ATTEMPTS: u32 = 3;
const FIRST_WAIT_SECS: u64 = 5;

/// Whether `pin` is long enough; the error names the field.
pub fn check_pin(pin: &str) -> Result<(), String> {
    if pin.chars().count() < MIN_PIN_CHARS {
        return Err(format!(
            "PIN: use at least {MIN_PIN_CHARS} characters (digits or a password)."
        ));
    }
    Ok(())
}

/// Argon2id (v1.3) of `secret` with `salt` and `(m_cost_kib, t_cost, p_cost)`, filling `out`:
/// the app password's hash here, and a desk PIN's key-encryption key (`desk::crypto`).
pub(crate) fn argon2id(
    secret: &str,
    salt: &[u8],
    (m_cost_kib, t_cost, p_cost): (u32, u32, u32),
    out: &mut [u8],
) -> Result<(), String> {
    let params =
        Params::new(m_cost_kib, t_cost, p_cost, Some(out.len())).map_err(|e| e.to_string())?;
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(secret.as_bytes(), salt, out)
        .map_err(|e| e.to_string())
}

/// Seconds to wait after `failures` wrong attempts in a row: none for the first
/// [`FREE_ATTEMPTS`], then 5 s doubling per failure, at most `max_secs`. The app password
/// and a desk person's PIN follow the same rule.
pub fn backoff_secs(failures: u32, max_secs: u64) -> u64 {
    if failures < FREE_ATTEMPTS {
        return 0;
    }
    let doublings = (failures - FREE_ATTEMPTS).min(20);
    (FIRST_WAIT_SECS << doublings).min(max_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_pins_are_refused_by_name_and_counted_in_characters() {
        assert!(check_pin("12345").unwrap_err().starts_with("PIN:"));
        assert!(check_pin("123456").is_ok());
        assert!(
            check_pin("密码一二三四").is_ok(),
            "six characters, not bytes"
        );
    }

    #[test]
    fn the_back_off_starts_after_the_free_attempts_and_doubles_to_its_cap() {
        assert_eq!(backoff_secs(FREE_ATTEMPTS - 1, 3600), 0);
        assert_eq!(backoff_secs(FREE_ATTEMPTS, 3600), 5);
        assert_eq!(backoff_secs(FREE_ATTEMPTS + 1, 3600), 10);
        assert_eq!(backoff_secs(u32::MAX, 3600), 3600);
    }
}
