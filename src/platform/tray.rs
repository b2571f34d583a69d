//! The system tray icon and its menu: show/hide the window, lock, copy any account's code,
//! quit. Owns only the platform tray (the `tray-icon` crate: Windows notification area, macOS
//! menu bar, Linux StatusNotifierItem over D-Bus through `ksni`, no GTK); it must not depend on
//! the vault, the keychain or egui. The window builds a [`TrayMenu`] from its state (labels
//! already translated), and turns each [`TrayCommand`] from [`Tray::next_command`] into an
//! `Action`, so the tray changes state through the same routing as every button.
//!
//! The window starts it with [`TrayHandle::start`] (Cargo feature `gui`): on Linux the tray lives
//! on its own thread, which also watches whether a StatusNotifierWatcher (the desktop's tray
//! host) is on the session bus; on Windows and macOS it must live on the main thread, inside
//! eframe's app-creation closure, where the event loop already runs. Commands go to a channel
//! the window owns and drains each frame (or in `App::logic` while hidden), after `wake`
//! (`ctx.request_repaint()`). Menus are rebuilt only when the model changes.
//!
//! Where no tray exists (GNOME without the AppIndicator extension, some Wayland compositors, a
//! bare Xvfb), the icon quietly waits for a host and [`TrayHandle::is_shown`] says `false`:
//! "close to tray" then closes as usual, so a user is never left without a window.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};

use tray_icon::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem, Submenu};
use tray_icon::{Icon, MouseButton, MouseButtonState, TrayIcon, TrayIconBuilder, TrayIconEvent};

/// The app icon at the size trays draw (they scale it; 32 px stays sharp on 2x screens too).
const ICON_PNG: &[u8] = include_bytes!("../../assets/icons/png/otp-desk-32.png");

/// What the user chose in the tray.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrayCommand {
    /// Show the window if hidden or minimised, hide it otherwise (also a left click on the icon).
    ShowHide,
    /// Lock the app now.
    Lock,
    /// Copy the current code of the account with this id.
    CopyCode(String),
    /// Quit the app (the only way out when "close to tray" is on).
    Quit,
}

/// One account in the tray's "Copy code" submenu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrayAccount {
    pub id: String,
    /// What the user reads, e.g. "Amazon — shop1@example.com".
    pub label: String,
}

/// Everything the menu shows; labels come translated from the window's i18n.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrayMenu {
    pub show_label: String,
    pub hide_label: String,
    pub lock_label: String,
    pub copy_label: String,
    pub quit_label: String,
    pub window_visible: bool,
    /// When locked, codes cannot be copied: the submenu is disabled.
    pub locked: bool,
    pub accounts: Vec<TrayAccount>,
}

#[derive(Debug, thiserror::Error)]
pub enum TrayError {
    #[error("the tray icon image could not be read: {0}")]
    Icon(String),
    #[error("the system tray is not available: {0}")]
    Unavailable(#[from] tray_icon::Error),
    #[error("the tray menu could not be built: {0}")]
    Menu(#[from] tray_icon::menu::Error),
    #[error("the tray thread could not start: {0}")]
    Thread(String),
}

/// The live tray icon. Dropping it removes the icon and its event handlers.
struct Tray {
    icon: TrayIcon,
}

impl Tray {
    /// Puts the icon in the tray. Commands go to `commands`; `wake` is called from the tray's
    /// thread after each, so the window can repaint and pick it up without polling.
    fn new(
        tooltip: &str,
        menu: &TrayMenu,
        commands: mpsc::Sender<TrayCommand>,
        wake: Arc<dyn Fn() + Send + Sync>,
    ) -> Result<Self, TrayError> {
        let menu_sender = commands.clone();
        let menu_wake = wake.clone();
        MenuEvent::set_event_handler(Some(move |event: MenuEvent| {
            if let Some(command) = decode(event.id().as_ref()) {
                let _ = menu_sender.send(command);
                menu_wake();
            }
        }));
        TrayIconEvent::set_event_handler(Some(move |event: TrayIconEvent| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                let _ = commands.send(TrayCommand::ShowHide);
                wake();
            }
        }));

        let icon = TrayIconBuilder::new()
            .with_id("otp-desk")
            .with_tooltip(tooltip)
            .with_icon(app_icon()?)
            .with_menu(Box::new(build_menu(menu)?))
            // Left click toggles the window (above); the menu is on the right button.
            .with_menu_on_left_click(false)
            .build()?;
        Ok(Self { icon })
    }

    /// Replaces the menu, e.g. after accounts were added or the app was locked.
    fn set_menu(&self, menu: &TrayMenu) -> Result<(), TrayError> {
        self.icon.set_menu(Some(Box::new(build_menu(menu)?)));
        Ok(())
    }
}

impl Drop for Tray {
    fn drop(&mut self) {
        // The handlers hold the channel and the wake closure; do not leave them behind.
        MenuEvent::set_event_handler(None::<fn(MenuEvent)>);
        TrayIconEvent::set_event_handler(None::<fn(TrayIconEvent)>);
    }
}

/// The window's hold on the tray. Dropping it removes the icon.
pub struct TrayHandle {
    place: Place,
    /// Whether a tray host shows the icon (Linux: updated by the tray thread).
    shown: Arc<AtomicBool>,
    last_menu: TrayMenu,
}

enum Place {
    /// Linux: the tray thread owns the icon and takes new menus from here.
    #[cfg(target_os = "linux")]
    Thread(mpsc::Sender<TrayMenu>),
    /// Windows, macOS, BSD: on the main thread, as their tray APIs require.
    #[cfg(not(target_os = "linux"))]
    Local(Tray),
}

impl TrayHandle {
    /// Starts the tray. On Linux this never fails: without a session bus or a tray host the
    /// thread logs one line at debug level and [`Self::is_shown`] stays `false`.
    pub fn start(
        tooltip: String,
        menu: TrayMenu,
        commands: mpsc::Sender<TrayCommand>,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> Result<Self, TrayError> {
        let wake: Arc<dyn Fn() + Send + Sync> = Arc::new(wake);
        let shown = Arc::new(AtomicBool::new(false));
        #[cfg(target_os = "linux")]
        let place = {
            let (menus, updates) = mpsc::channel();
            let thread_menu = menu.clone();
            let thread_shown = shown.clone();
            std::thread::Builder::new()
                .name("tray".into())
                .spawn(move || {
                    linux::run(
                        &tooltip,
                        &thread_menu,
                        commands,
                        wake,
                        &thread_shown,
                        &updates,
                    );
                })
                .map_err(|e| TrayError::Thread(e.to_string()))?;
            Place::Thread(menus)
        };
        #[cfg(not(target_os = "linux"))]
        let place = {
            let tray = Tray::new(&tooltip, &menu, commands, wake)?;
            shown.store(true, Ordering::Relaxed);
            Place::Local(tray)
        };
        Ok(Self {
            place,
            shown,
            last_menu: menu,
        })
    }

    /// Whether a tray host shows the icon now, so hiding the window leaves a way back.
    pub fn is_shown(&self) -> bool {
        self.shown.load(Ordering::Relaxed)
    }

    /// Shows `menu` from now on; does nothing when it did not change.
    pub fn set_menu(&mut self, menu: &TrayMenu) {
        if *menu == self.last_menu {
            return;
        }
        self.last_menu = menu.clone();
        match &self.place {
            #[cfg(target_os = "linux")]
            Place::Thread(menus) => {
                // A closed channel means the tray thread gave up (no bus); it said why.
                let _ = menus.send(menu.clone());
            }
            #[cfg(not(target_os = "linux"))]
            Place::Local(tray) => {
                if let Err(e) = tray.set_menu(menu) {
                    tracing::warn!(error = %e, "updating the tray menu failed");
                }
            }
        }
    }
}

#[cfg(target_os = "linux")]
mod linux {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, mpsc};
    use std::time::Duration;

    use super::{Tray, TrayCommand, TrayMenu};

    /// How often the thread looks again for a tray host (one D-Bus call; panels restart).
    const HOST_CHECK: Duration = Duration::from_secs(5);
    const WATCHER: &str = "org.kde.StatusNotifierWatcher";

    pub(super) fn run(
        tooltip: &str,
        menu: &TrayMenu,
        commands: mpsc::Sender<TrayCommand>,
        wake: Arc<dyn Fn() + Send + Sync>,
        shown: &AtomicBool,
        updates: &mpsc::Receiver<TrayMenu>,
    ) {
        let bus = match zbus::blocking::Connection::session() {
            Ok(bus) => bus,
            Err(e) => {
                tracing::debug!(error = %e, "no D-Bus session bus, so no tray icon");
                return;
            }
        };
        let tray = match Tray::new(tooltip, menu, commands, wake) {
            Ok(tray) => tray,
            Err(e) => {
                tracing::info!(error = %e, "no tray icon");
                return;
            }
        };
        let mut host = has_host(&bus);
        shown.store(host, Ordering::Relaxed);
        if !host {
            tracing::debug!("no tray host (StatusNotifierWatcher) yet; the icon waits for one");
        }
        loop {
            match updates.recv_timeout(HOST_CHECK) {
                Ok(menu) => {
                    if let Err(e) = tray.set_menu(&menu) {
                        tracing::warn!(error = %e, "updating the tray menu failed");
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    let now = has_host(&bus);
                    if now != host {
                        tracing::debug!(shown = now, "tray host changed");
                        host = now;
                        shown.store(host, Ordering::Relaxed);
                    }
                }
                // The window is gone: drop the icon.
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            }
        }
    }

    fn has_host(bus: &zbus::blocking::Connection) -> bool {
        let Ok(dbus) = zbus::blocking::fdo::DBusProxy::new(bus) else {
            return false;
        };
        WATCHER
            .try_into()
            .ok()
            .and_then(|name| dbus.name_has_owner(name).ok())
            .unwrap_or(false)
    }
}

fn app_icon() -> Result<Icon, TrayError> {
    let image = image::load_from_memory_with_format(ICON_PNG, image::ImageFormat::Png)
        .map_err(|e| TrayError::Icon(e.to_string()))?
        .into_rgba8();
    let (width, height) = image.dimensions();
    Icon::from_rgba(image.into_raw(), width, height).map_err(|e| TrayError::Icon(e.to_string()))
}

/// One line of the tray menu before it becomes a native menu: what the tests read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MenuLine {
    Item {
        command: TrayCommand,
        text: String,
        enabled: bool,
    },
    Submenu {
        text: String,
        enabled: bool,
        items: Vec<MenuLine>,
    },
    Separator,
}

/// Show/Hide, Copy code ▸ accounts, Lock, —, Quit. Locked, the copy submenu is disabled and
/// empty: a locked app must not list account names to whoever opens the tray menu.
pub fn layout(model: &TrayMenu) -> Vec<MenuLine> {
    let show_hide = if model.window_visible {
        &model.hide_label
    } else {
        &model.show_label
    };
    let accounts: Vec<MenuLine> = if model.locked {
        Vec::new()
    } else {
        model
            .accounts
            .iter()
            .map(|account| MenuLine::Item {
                command: TrayCommand::CopyCode(account.id.clone()),
                text: menu_text(&account.label),
                enabled: true,
            })
            .collect()
    };
    vec![
        MenuLine::Item {
            command: TrayCommand::ShowHide,
            text: show_hide.clone(),
            enabled: true,
        },
        MenuLine::Submenu {
            text: model.copy_label.clone(),
            enabled: !accounts.is_empty(),
            items: accounts,
        },
        MenuLine::Item {
            command: TrayCommand::Lock,
            text: model.lock_label.clone(),
            enabled: !model.locked,
        },
        MenuLine::Separator,
        MenuLine::Item {
            command: TrayCommand::Quit,
            text: model.quit_label.clone(),
            enabled: true,
        },
    ]
}

fn build_menu(model: &TrayMenu) -> Result<Menu, TrayError> {
    let menu = Menu::new();
    for line in layout(model) {
        match line {
            MenuLine::Item {
                command,
                text,
                enabled,
            } => menu.append(&native_item(&command, &text, enabled))?,
            MenuLine::Submenu {
                text,
                enabled,
                items,
            } => {
                let submenu = Submenu::new(text, enabled);
                // One level deep: the submenu holds only items.
                for item in items {
                    if let MenuLine::Item {
                        command,
                        text,
                        enabled,
                    } = item
                    {
                        submenu.append(&native_item(&command, &text, enabled))?;
                    }
                }
                menu.append(&submenu)?;
            }
            MenuLine::Separator => menu.append(&PredefinedMenuItem::separator())?,
        }
    }
    Ok(menu)
}

fn native_item(command: &TrayCommand, text: &str, enabled: bool) -> MenuItem {
    MenuItem::with_id(encode(command), text, enabled, None)
}

/// Menu item ids carry the command, so no table has to be kept in step with the menu.
fn encode(command: &TrayCommand) -> String {
    match command {
        TrayCommand::ShowHide => "show-hide".to_owned(),
        TrayCommand::Lock => "lock".to_owned(),
        TrayCommand::Quit => "quit".to_owned(),
        TrayCommand::CopyCode(id) => format!("copy:{id}"),
    }
}

fn decode(id: &str) -> Option<TrayCommand> {
    match id {
        "show-hide" => Some(TrayCommand::ShowHide),
        "lock" => Some(TrayCommand::Lock),
        "quit" => Some(TrayCommand::Quit),
        _ => id
            .strip_prefix("copy:")
            .filter(|account| !account.is_empty())
            .map(|account| TrayCommand::CopyCode(account.to_owned())),
    }
}

/// Windows and macOS read `&` as an accelerator marker; a store called "A&B" must show as is.
/// Long labels are shortened: a tray menu is not the place for 80-character names.
fn menu_text(label: &str) -> String {
    const MAX_CHARS: usize = 60;
    let escaped = label.replace('&', "&&");
    if escaped.chars().count() <= MAX_CHARS {
        escaped
    } else {
        let mut short: String = escaped.chars().take(MAX_CHARS - 1).collect();
        short.push('…');
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_survives_its_menu_id() {
        for command in [
            TrayCommand::ShowHide,
            TrayCommand::Lock,
            TrayCommand::Quit,
            TrayCommand::CopyCode("3f2a-amazon".to_owned()),
            TrayCommand::CopyCode("id:with:colons".to_owned()),
        ] {
            assert_eq!(decode(&encode(&command)), Some(command));
        }
    }

    #[test]
    fn foreign_menu_ids_are_ignored() {
        assert_eq!(decode(""), None);
        assert_eq!(decode("copy:"), None);
        assert_eq!(decode("about"), None);
    }

    #[test]
    fn labels_keep_ampersands_and_stay_short() {
        assert_eq!(menu_text("A&B Store"), "A&&B Store");
        assert_eq!(menu_text("亚马逊 — 店铺1"), "亚马逊 — 店铺1");
        let long = menu_text(&"x".repeat(200));
        assert_eq!(long.chars().count(), 60);
        assert!(long.ends_with('…'));
    }

    fn model(locked: bool) -> TrayMenu {
        TrayMenu {
            show_label: "Show".into(),
            hide_label: "Hide".into(),
            lock_label: "Lock".into(),
            copy_label: "Copy code".into(),
            quit_label: "Quit".into(),
            window_visible: true,
            locked,
            accounts: vec![
                TrayAccount {
                    id: "a1".into(),
                    label: "Amazon — shop1".into(),
                },
                TrayAccount {
                    id: "a2".into(),
                    label: "亚马逊 — 店铺1".into(),
                },
            ],
        }
    }

    fn texts(lines: &[MenuLine]) -> Vec<String> {
        lines
            .iter()
            .flat_map(|line| match line {
                MenuLine::Item { text, .. } => vec![text.clone()],
                MenuLine::Submenu { text, items, .. } => {
                    let mut all = vec![text.clone()];
                    all.extend(texts(items));
                    all
                }
                MenuLine::Separator => Vec::new(),
            })
            .collect()
    }

    #[test]
    fn the_copy_submenu_lists_every_account_with_its_command() {
        let lines = layout(&model(false));
        let MenuLine::Submenu { enabled, items, .. } = &lines[1] else {
            panic!("the second line is the copy submenu: {lines:?}");
        };
        assert!(enabled);
        assert_eq!(
            items,
            &vec![
                MenuLine::Item {
                    command: TrayCommand::CopyCode("a1".into()),
                    text: "Amazon — shop1".into(),
                    enabled: true,
                },
                MenuLine::Item {
                    command: TrayCommand::CopyCode("a2".into()),
                    text: "亚马逊 — 店铺1".into(),
                    enabled: true,
                },
            ]
        );
        assert_eq!(
            texts(&lines),
            [
                "Hide",
                "Copy code",
                "Amazon — shop1",
                "亚马逊 — 店铺1",
                "Lock",
                "Quit"
            ]
        );
    }

    #[test]
    fn a_locked_menu_names_no_account_and_cannot_copy_or_lock_again() {
        let lines = layout(&model(true));
        let all = texts(&lines).join("\n");
        assert!(!all.contains("Amazon") && !all.contains("亚马逊"), "{all}");
        assert!(lines.contains(&MenuLine::Submenu {
            text: "Copy code".into(),
            enabled: false,
            items: Vec::new(),
        }));
        assert!(lines.contains(&MenuLine::Item {
            command: TrayCommand::Lock,
            text: "Lock".into(),
            enabled: false,
        }));
    }

    #[test]
    fn show_or_hide_follows_the_window() {
        let mut hidden = model(false);
        hidden.window_visible = false;
        assert_eq!(texts(&layout(&hidden))[0], "Show");
        assert_eq!(texts(&layout(&model(false)))[0], "Hide");
    }

    #[test]
    fn the_native_menu_builds() {
        assert!(build_menu(&model(false)).is_ok());
        assert!(build_menu(&model(true)).is_ok());
    }

    #[test]
    fn the_icon_decodes() {
        assert!(app_icon().is_ok());
    }
}
