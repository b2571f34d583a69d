//! The quick pick's shortcut on Wayland, where no program may grab keys of the whole desktop:
//! the desktop portal's Global Shortcuts (`org.freedesktop.portal.GlobalShortcuts`, xdg-desktop-
//! portal 1.16+, implemented by KDE Plasma 5.27+ and GNOME 48+). OTP Desk asks for one shortcut,
//! "open the quick pick", with Ctrl+Alt+O as its preferred trigger; the desktop may ask the
//! person to confirm or choose other keys, and says when it is pressed (`Activated`).
//!
//! One background thread per binding: CreateSession, BindShortcuts (each answered by a
//! `Request.Response` signal), then `Activated` for that session until the binding is replaced
//! or dropped. Where the portal or its Global Shortcuts interface is missing, [`Portal::connect`]
//! fails and the window says plainly that the shortcut is not available on Wayland. Typing into
//! other programs stays impossible there: the quick pick copies. Must not depend on the window.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use zbus::blocking::{Connection, MessageIterator, Proxy};
use zbus::zvariant::{OwnedObjectPath, OwnedValue, Value};

const DESTINATION: &str = "org.freedesktop.portal.Desktop";
const PATH: &str = "/org/freedesktop/portal/desktop";
const INTERFACE: &str = "org.freedesktop.portal.GlobalShortcuts";
/// The one shortcut OTP Desk asks the desktop for.
pub const SHORTCUT_ID: &str = "quick-pick";

/// A connection to the desktop portal that has Global Shortcuts.
pub struct Portal {
    connection: Connection,
    /// Bumped by each binding: an older binding's thread stops at its next signal.
    generation: Arc<AtomicU64>,
    session: Arc<std::sync::Mutex<Option<OwnedObjectPath>>>,
}

impl Portal {
    /// The session bus's portal, if it offers Global Shortcuts.
    pub fn connect() -> zbus::Result<Self> {
        Self::on(Connection::session()?)
    }

    /// The portal on `connection` (tests give a private bus).
    pub fn on(connection: Connection) -> zbus::Result<Self> {
        let proxy = Proxy::new(&connection, DESTINATION, PATH, INTERFACE)?;
        let version: u32 = proxy.get_property("version")?;
        tracing::info!(version, "the desktop portal offers global shortcuts");
        Ok(Self {
            connection,
            generation: Arc::new(AtomicU64::new(0)),
            session: Arc::default(),
        })
    }

    /// Asks the desktop for `shortcut` (written like `Ctrl+Alt+O`) in place of any earlier one;
    /// `pressed` runs on the portal's thread each time the desktop says it was pressed. Returns
    /// at once: the desktop may show a dialog first.
    pub fn bind(&self, shortcut: &str, description: &str, pressed: Arc<dyn Fn() + Send + Sync>) {
        self.unbind();
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let (connection, current, session) = (
            self.connection.clone(),
            Arc::clone(&self.generation),
            Arc::clone(&self.session),
        );
        let (trigger, description) = (preferred_trigger(shortcut), description.to_owned());
        let spawned = std::thread::Builder::new()
            .name("portal-shortcut".into())
            .spawn(move || {
                let binding = Binding {
                    connection: &connection,
                    generation,
                    current: &current,
                };
                if let Err(e) = binding.run(&trigger, &description, &session, pressed.as_ref()) {
                    tracing::warn!(error = %e, "the desktop did not bind the shortcut");
                }
            });
        if let Err(e) = spawned {
            tracing::warn!(error = %e, "the portal's thread did not start");
        }
    }

    /// Gives the shortcut back to the desktop (closes the session).
    pub fn unbind(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        let old = lock(&self.session).take();
        if let Some(path) = old {
            let closed = Proxy::new(
                &self.connection,
                DESTINATION,
                path.as_ref(),
                "org.freedesktop.portal.Session",
            )
            .and_then(|session| session.call_method("Close", &()));
            if let Err(e) = closed {
                tracing::debug!(error = %e, "closing the portal session failed");
            }
        }
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        self.unbind();
    }
}

fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `Ctrl+Alt+O` in the shortcuts specification's words: `CTRL+ALT+o`.
pub fn preferred_trigger(shortcut: &str) -> String {
    shortcut
        .split('+')
        .map(str::trim)
        .map(|part| match part.to_ascii_lowercase().as_str() {
            "ctrl" | "control" => "CTRL".to_owned(),
            "alt" | "option" => "ALT".to_owned(),
            "shift" => "SHIFT".to_owned(),
            "super" | "meta" | "logo" | "cmd" | "command" | "win" => "LOGO".to_owned(),
            key if key.chars().count() == 1 => key.to_owned(),
            _ => part.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("+")
}

struct Binding<'a> {
    connection: &'a Connection,
    generation: u64,
    current: &'a AtomicU64,
}

impl Binding<'_> {
    fn stale(&self) -> bool {
        self.current.load(Ordering::SeqCst) != self.generation
    }

    fn run(
        &self,
        trigger: &str,
        description: &str,
        session_slot: &std::sync::Mutex<Option<OwnedObjectPath>>,
        pressed: &(dyn Fn() + Send + Sync),
    ) -> zbus::Result<()> {
        let proxy = Proxy::new(self.connection, DESTINATION, PATH, INTERFACE)?;
        // Listening for Activated before binding: a press right after the dialog is not lost.
        let rule = zbus::MatchRule::builder()
            .msg_type(zbus::message::Type::Signal)
            .interface(INTERFACE)?
            .member("Activated")?
            .build();
        let activations = MessageIterator::for_match_rule(rule, self.connection, None)?;

        let token = format!("otpdesk{}", self.generation);
        let options: HashMap<&str, Value<'_>> = HashMap::from([
            ("handle_token", Value::from(format!("{token}a"))),
            ("session_handle_token", Value::from(token.clone())),
        ]);
        let created = self.request(&format!("{token}a"), |()| {
            proxy.call_method("CreateSession", &(options,)).map(drop)
        })?;
        let session: OwnedObjectPath = created
            .get("session_handle")
            .and_then(|v| String::try_from(v.clone()).ok())
            .and_then(|s| OwnedObjectPath::try_from(s).ok())
            .ok_or_else(|| zbus::Error::Failure("no session handle".into()))?;
        *lock(session_slot) = Some(session.clone());

        let shortcut: HashMap<&str, Value<'_>> = HashMap::from([
            ("description", Value::from(description)),
            ("preferred_trigger", Value::from(trigger)),
        ]);
        let shortcuts = vec![(SHORTCUT_ID, shortcut)];
        let options: HashMap<&str, Value<'_>> =
            HashMap::from([("handle_token", Value::from(format!("{token}b")))]);
        self.request(&format!("{token}b"), |()| {
            proxy
                .call_method("BindShortcuts", &(&session, shortcuts, "", options))
                .map(drop)
        })?;
        tracing::info!(%trigger, "the desktop bound the quick pick's shortcut");

        for message in activations {
            if self.stale() {
                break;
            }
            let message = message?;
            let Ok((handle, id)) = message
                .body()
                .deserialize::<(OwnedObjectPath, String, u64, HashMap<String, OwnedValue>)>()
                .map(|(handle, id, _, _)| (handle, id))
            else {
                continue;
            };
            if handle == session && id == SHORTCUT_ID {
                pressed();
            }
        }
        Ok(())
    }

    /// Calls `call`, then waits for its `Request.Response`; the results on success (0).
    fn request(
        &self,
        token: &str,
        call: impl FnOnce(()) -> zbus::Result<()>,
    ) -> zbus::Result<HashMap<String, OwnedValue>> {
        let sender = self
            .connection
            .unique_name()
            .map(|n| n.trim_start_matches(':').replace('.', "_"))
            .ok_or_else(|| zbus::Error::Failure("no unique name on the bus".into()))?;
        let path = format!("{PATH}/request/{sender}/{token}");
        let rule = zbus::MatchRule::builder()
            .msg_type(zbus::message::Type::Signal)
            .interface("org.freedesktop.portal.Request")?
            .member("Response")?
            .path(path.as_str())?
            .build();
        let mut responses = MessageIterator::for_match_rule(rule, self.connection, Some(1))?;
        call(())?;
        let message = responses
            .next()
            .ok_or_else(|| zbus::Error::Failure("the portal never answered".into()))??;
        let (code, results): (u32, HashMap<String, OwnedValue>) = message.body().deserialize()?;
        match code {
            0 => Ok(results),
            1 => Err(zbus::Error::Failure("the person cancelled".into())),
            _ => Err(zbus::Error::Failure(format!("the portal refused ({code})"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::preferred_trigger;

    #[test]
    fn shortcuts_are_written_as_the_specification_wants() {
        assert_eq!(preferred_trigger("Ctrl+Alt+O"), "CTRL+ALT+o");
        assert_eq!(preferred_trigger("ctrl+shift+F9"), "CTRL+SHIFT+F9");
        assert_eq!(preferred_trigger("Super+1"), "LOGO+1");
    }
}
