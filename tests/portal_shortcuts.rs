//! The quick pick's shortcut on Wayland, through the desktop portal's Global Shortcuts, on a
//! private D-Bus session. No desktop here implements that portal (Debian 12's GNOME does not;
//! KDE's needs the whole Plasma session), so the other end is a small stand-in for the desktop
//! that speaks the documented protocol (xdg-desktop-portal's GlobalShortcuts: CreateSession and
//! BindShortcuts answered by Request.Response, then Activated): it checks what OTP Desk asks
//! for and presses the shortcut as the desktop would. Without the portal, OTP Desk must say the
//! shortcut is not available.
#![cfg(target_os = "linux")]

mod support;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use otp_desk::platform::hotkey::{HotkeyError, Hotkeys, Slot};
use otp_desk::platform::portal_shortcuts::{Portal, SHORTCUT_ID};
use support::Running;
use zbus::blocking::Connection;
use zbus::zvariant::{OwnedObjectPath, OwnedValue, Value};

/// What the stand-in desktop was asked: (shortcut id, its description, its preferred trigger).
type Bound = Arc<Mutex<Vec<(String, String, String)>>>;

struct Desktop {
    bound: Bound,
    sessions: Arc<Mutex<Vec<OwnedObjectPath>>>,
}

fn text(options: &HashMap<String, OwnedValue>, key: &str) -> String {
    options
        .get(key)
        .and_then(|v| String::try_from(v.clone()).ok())
        .unwrap_or_default()
}

/// The object path a portal request or session of `sender` with `token` has.
fn path_of(kind: &str, sender: &str, token: &str) -> OwnedObjectPath {
    let sender = sender.trim_start_matches(':').replace('.', "_");
    OwnedObjectPath::try_from(format!(
        "/org/freedesktop/portal/desktop/{kind}/{sender}/{token}"
    ))
    .unwrap()
}

async fn respond(
    connection: &zbus::Connection,
    request: &OwnedObjectPath,
    results: HashMap<&str, Value<'_>>,
) {
    connection
        .emit_signal(
            None::<&str>,
            request.as_ref(),
            "org.freedesktop.portal.Request",
            "Response",
            &(0_u32, results),
        )
        .await
        .unwrap();
}

#[zbus::interface(name = "org.freedesktop.portal.GlobalShortcuts")]
impl Desktop {
    #[zbus(property, name = "version")]
    fn version(&self) -> u32 {
        1
    }

    async fn create_session(
        &self,
        #[zbus(header)] header: zbus::message::Header<'_>,
        #[zbus(connection)] connection: &zbus::Connection,
        options: HashMap<String, OwnedValue>,
    ) -> OwnedObjectPath {
        let sender = header.sender().unwrap().to_string();
        let request = path_of("request", &sender, &text(&options, "handle_token"));
        let session = path_of("session", &sender, &text(&options, "session_handle_token"));
        self.sessions.lock().unwrap().push(session.clone());
        let handle = Value::from(session.to_string());
        respond(
            connection,
            &request,
            HashMap::from([("session_handle", handle)]),
        )
        .await;
        request
    }

    async fn bind_shortcuts(
        &self,
        #[zbus(header)] header: zbus::message::Header<'_>,
        #[zbus(connection)] connection: &zbus::Connection,
        session: OwnedObjectPath,
        shortcuts: Vec<(String, HashMap<String, OwnedValue>)>,
        _parent_window: String,
        options: HashMap<String, OwnedValue>,
    ) -> OwnedObjectPath {
        assert!(self.sessions.lock().unwrap().contains(&session));
        for (id, properties) in &shortcuts {
            self.bound.lock().unwrap().push((
                id.clone(),
                text(properties, "description"),
                text(properties, "preferred_trigger"),
            ));
        }
        let sender = header.sender().unwrap().to_string();
        let request = path_of("request", &sender, &text(&options, "handle_token"));
        respond(connection, &request, HashMap::new()).await;
        request
    }
}

/// A private D-Bus session (dbus-daemon), stopped when dropped.
fn private_bus() -> (Running, String) {
    let mut daemon = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address=1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("dbus-daemon is missing: run scripts/test.sh, which installs it");
    let stdout = daemon.stdout.take().unwrap();
    let daemon = Running(daemon);
    let mut address = String::new();
    BufReader::new(stdout).read_line(&mut address).unwrap();
    (daemon, address.trim().to_owned())
}

fn connect(address: &str) -> Connection {
    zbus::blocking::connection::Builder::address(address)
        .unwrap()
        .build()
        .unwrap()
}

#[test]
fn the_desktop_binds_ctrl_alt_o_and_its_press_opens_the_quick_pick() {
    let (_bus, address) = private_bus();
    let bound = Bound::default();
    let sessions = Arc::new(Mutex::new(Vec::new()));
    let desktop = Desktop {
        bound: Arc::clone(&bound),
        sessions: Arc::clone(&sessions),
    };
    let server = zbus::blocking::connection::Builder::address(address.as_str())
        .unwrap()
        .name("org.freedesktop.portal.Desktop")
        .unwrap()
        .serve_at("/org/freedesktop/portal/desktop", desktop)
        .unwrap()
        .build()
        .unwrap();

    let portal = Portal::on(connect(&address)).expect("the portal answers");
    let (sender, presses) = mpsc::channel();
    let mut hotkeys = Hotkeys::with_portal(portal, move |slot| {
        let _ = sender.send(slot);
    });
    assert!(hotkeys.through_desktop());
    hotkeys.describe("OTP Desk 快速选取");
    hotkeys.set(Some("Ctrl+Alt+O")).unwrap();
    support::wait_for("the binding", Duration::from_secs(10), || {
        !bound.lock().unwrap().is_empty()
    });
    assert_eq!(
        bound.lock().unwrap()[0],
        (
            SHORTCUT_ID.to_owned(),
            "OTP Desk 快速选取".to_owned(),
            "CTRL+ALT+o".to_owned()
        ),
        "what the desktop is asked for"
    );

    // The desktop says the shortcut was pressed: the quick pick opens.
    let session = sessions.lock().unwrap()[0].clone();
    let activated = |session: &OwnedObjectPath, id: &str| {
        server
            .emit_signal(
                None::<&str>,
                "/org/freedesktop/portal/desktop",
                "org.freedesktop.portal.GlobalShortcuts",
                "Activated",
                &(session, id, 0_u64, HashMap::<&str, Value<'_>>::new()),
            )
            .unwrap();
    };
    activated(&session, SHORTCUT_ID);
    assert_eq!(
        presses.recv_timeout(Duration::from_secs(5)),
        Ok(Slot::QuickPick)
    );
    // Another program's shortcut, or another session's, is not ours.
    activated(&session, "someone-else");
    let other = path_of("session", ":1.99", "other");
    activated(&other, SHORTCUT_ID);
    assert!(presses.recv_timeout(Duration::from_millis(500)).is_err());

    // An account's own shortcut would type, which Wayland never allows.
    assert_eq!(
        hotkeys.set_slot(Slot::Named("acct".into()), Some("Ctrl+Alt+1")),
        Err(HotkeyError::WaylandTyping)
    );
    // Another shortcut: a new session, and the old one's presses no longer count.
    hotkeys.set(Some("Ctrl+Shift+F9")).unwrap();
    support::wait_for("the second binding", Duration::from_secs(10), || {
        bound.lock().unwrap().len() == 2
    });
    assert_eq!(bound.lock().unwrap()[1].2, "CTRL+SHIFT+F9");
    let second = sessions.lock().unwrap()[1].clone();
    assert_ne!(second, session);
    activated(&second, SHORTCUT_ID);
    assert_eq!(
        presses.recv_timeout(Duration::from_secs(5)),
        Ok(Slot::QuickPick)
    );
}

#[test]
fn without_the_portal_the_shortcut_is_said_to_be_unavailable() {
    let (_bus, address) = private_bus();
    assert!(
        Portal::on(connect(&address)).is_err(),
        "a bus with no portal has no global shortcuts"
    );
}
