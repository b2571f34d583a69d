//! The system tray icon and its menu: show/hide the window, lock, copy any account's code,
//! quit. Owns only the platform tray (the `tray-icon` crate: Windows notification area, macOS
//! menu bar, Linux StatusNotifierItem over D-Bus through `ksni`, no GTK); it must not depend on
//! the vault, the keychain or egui. The window builds a [`TrayMenu`] from its state (labels
//! already translated), and turns each [`TrayCommand`] from [`Tray::next_command`] into an
//! `Action`, so the tray changes state through the same `App::apply` as every button.
//!
//! Not wired in yet. To use it:
//! - Cargo.toml: `tray-icon = { version = "0.26", default-features = false, features = ["ksni"] }`
//!   (the default Linux backend would need libgtk-3-dev and libayatana-appindicator3-dev);
//! - lib.rs: `pub mod tray;`
//! - create the tray inside eframe's app-creation closure, which runs on the main thread once
//!   the event loop runs (macOS requires both), with `wake` = `ctx.request_repaint()`;
//! - each frame, drain `next_command()`; call `set_menu` when accounts, lock state or window
//!   visibility change (not every frame: rebuilding a native menu is not free).
//!
//! Where no tray exists (GNOME without the AppIndicator extension, some Wayland compositors),
//! [`Tray::new`] may still succeed with nothing shown: "close to tray" must stay off by default
//! so a user is never left without a window.

use std::sync::mpsc;

use tray_icon::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem, Submenu};
use tray_icon::{Icon, MouseButton, MouseButtonState, TrayIcon, TrayIconBuilder, TrayIconEvent};

/// The app icon at the size trays draw (they scale it; 32 px stays sharp on 2x screens too).
const ICON_PNG: &[u8] = include_bytes!("../assets/icons/png/otp-desk-32.png");

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
}

/// The live tray icon. Dropping it removes the icon.
pub struct Tray {
    icon: TrayIcon,
    commands: mpsc::Receiver<TrayCommand>,
}

impl Tray {
    /// Puts the icon in the tray. `wake` is called from the tray's thread after each command,
    /// so the window can repaint and pick it up without polling.
    pub fn new(
        tooltip: &str,
        menu: &TrayMenu,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> Result<Self, TrayError> {
        let wake = std::sync::Arc::new(wake);
        let (sender, commands) = mpsc::channel();

        let menu_sender = sender.clone();
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
                let _ = sender.send(TrayCommand::ShowHide);
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
        Ok(Self { icon, commands })
    }

    /// Replaces the menu, e.g. after accounts were added or the app was locked.
    pub fn set_menu(&self, menu: &TrayMenu) -> Result<(), TrayError> {
        self.icon.set_menu(Some(Box::new(build_menu(menu)?)));
        Ok(())
    }

    /// The next command the user chose, if any; never blocks.
    pub fn next_command(&self) -> Option<TrayCommand> {
        self.commands.try_recv().ok()
    }
}

impl Drop for Tray {
    fn drop(&mut self) {
        // The handlers hold the channel and the wake closure; do not leave them behind.
        MenuEvent::set_event_handler(None::<fn(MenuEvent)>);
        TrayIconEvent::set_event_handler(None::<fn(TrayIconEvent)>);
    }
}

fn app_icon() -> Result<Icon, TrayError> {
    let image = image::load_from_memory_with_format(ICON_PNG, image::ImageFormat::Png)
        .map_err(|e| TrayError::Icon(e.to_string()))?
        .into_rgba8();
    let (width, height) = image.dimensions();
    Icon::from_rgba(image.into_raw(), width, height).map_err(|e| TrayError::Icon(e.to_string()))
}

fn build_menu(model: &TrayMenu) -> Result<Menu, TrayError> {
    let menu = Menu::new();
    let show_hide = if model.window_visible {
        &model.hide_label
    } else {
        &model.show_label
    };
    menu.append(&MenuItem::with_id(
        encode(&TrayCommand::ShowHide),
        show_hide,
        true,
        None,
    ))?;
    let copy = Submenu::new(
        &model.copy_label,
        !model.locked && !model.accounts.is_empty(),
    );
    for account in &model.accounts {
        let command = TrayCommand::CopyCode(account.id.clone());
        copy.append(&MenuItem::with_id(
            encode(&command),
            menu_text(&account.label),
            true,
            None,
        ))?;
    }
    menu.append(&copy)?;
    menu.append(&MenuItem::with_id(
        encode(&TrayCommand::Lock),
        &model.lock_label,
        !model.locked,
        None,
    ))?;
    menu.append(&PredefinedMenuItem::separator())?;
    menu.append(&MenuItem::with_id(
        encode(&TrayCommand::Quit),
        &model.quit_label,
        true,
        None,
    ))?;
    Ok(menu)
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

    #[test]
    fn the_icon_decodes() {
        assert!(app_icon().is_ok());
    }
}
