//! Locks the window when the session's screen locks. On Linux this listens on D-Bus (blocking
//! zbus, one background thread per source) for `ActiveChanged(true)` from
//! `org.freedesktop.ScreenSaver` / `org.gnome.ScreenSaver` on the session bus and for logind's
//! `org.freedesktop.login1.Session.Lock` on the system bus. On Windows and macOS it starts
//! [`super::screen_lock_windows`] (session notifications) or [`super::screen_lock_macos`] (the
//! screen-locked notification). A missing bus or service is logged once, not shown; the idle
//! time and Ctrl+L lock the window everywhere. Must not depend on the window.

/// Starts the watchers; `locked` runs (on a background thread) each time the screen locks.
#[cfg(target_os = "linux")]
pub fn watch(locked: impl Fn() + Clone + Send + 'static) {
    for (system_bus, interface, member) in [
        (false, "org.freedesktop.ScreenSaver", "ActiveChanged"),
        (false, "org.gnome.ScreenSaver", "ActiveChanged"),
        (true, "org.freedesktop.login1.Session", "Lock"),
    ] {
        let locked = locked.clone();
        let spawned = std::thread::Builder::new()
            .name("screen-lock".into())
            .spawn(move || {
                if let Err(e) = listen(system_bus, interface, member, &locked) {
                    tracing::info!(%interface, error = %e, "screen-lock signals unavailable");
                }
            });
        if let Err(e) = spawned {
            tracing::warn!(error = %e, "could not start the screen-lock watcher");
        }
    }
}

/// Starts the watcher; `locked` runs each time the session locks or is disconnected.
#[cfg(windows)]
pub fn watch(locked: impl Fn() + Clone + Send + 'static) {
    super::screen_lock_windows::watch(locked);
}

/// Starts the watcher; `locked` runs each time the screen locks.
#[cfg(target_os = "macos")]
pub fn watch(locked: impl Fn() + Clone + Send + 'static) {
    super::screen_lock_macos::watch(locked);
}

#[cfg(not(any(target_os = "linux", windows, target_os = "macos")))]
pub fn watch(_locked: impl Fn() + Clone + Send + 'static) {
    tracing::debug!("screen-lock signals are not supported on this platform");
}

#[cfg(target_os = "linux")]
fn listen(
    system_bus: bool,
    interface: &'static str,
    member: &'static str,
    locked: &dyn Fn(),
) -> zbus::Result<()> {
    use zbus::blocking::{Connection, MessageIterator};
    let connection = if system_bus {
        Connection::system()?
    } else {
        Connection::session()?
    };
    let rule = zbus::MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .interface(interface)?
        .member(member)?
        .build();
    for message in MessageIterator::for_match_rule(rule, &connection, None)? {
        let message = message?;
        // ActiveChanged carries whether the screen saver is now active; Lock carries nothing.
        let now_locked = member == "Lock" || message.body().deserialize::<bool>().unwrap_or(false);
        if now_locked {
            tracing::info!(%interface, "screen locked");
            locked();
        }
    }
    Ok(())
}
