//! Runs third-party decoders (rqrr, image) so that a panic on hostile input becomes `None`
//! instead of a crash, and is logged at debug level instead of printed to stderr by the default
//! panic hook. Panics anywhere else still reach the previous hook unchanged.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Whether this thread is inside [`guarded`] (panics here are expected and handled).
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

static HOOK: Once = Once::new();

/// Calls `f`; a panic inside it is caught, logged and returned as `None`.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if GUARDED.with(Cell::get) {
                tracing::debug!(%info, "a decoder panicked on this input; it was contained");
            } else {
                previous(info);
            }
        }));
    });
    let was = GUARDED.with(|g| g.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(was));
    result.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_becomes_none_and_the_value_passes_through() {
        assert_eq!(guarded(|| 7), Some(7));
        let caught: Option<()> = guarded(|| panic!("hostile pixels"));
        assert_eq!(caught, None);
        assert!(!GUARDED.with(Cell::get), "the flag is restored");
    }
}
