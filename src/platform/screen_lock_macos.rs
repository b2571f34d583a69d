//! macOS: locks the app when the screen locks, from the `com.apple.screenIsLocked` distributed
//! notification (posted by loginwindow for the screen saver with password, Ctrl+Cmd+Q, a closed
//! lid and fast user switching). Which names lock is decided in [`super::screen_lock_signal`];
//! this file only carries them there. Must not depend on the window (egui/winit) or the vault.
//!
//! Distributed notifications reach the process through the main thread's run loop, which the
//! window's event loop runs; the block is then called on a private operation queue.
//!
//! The one place with `unsafe` on macOS: objc2 marks `addObserverForName:object:queue:usingBlock:`
//! unsafe because it cannot check the block's thread-safety or the object's type; both are
//! stated below.
#![allow(unsafe_code)]

use std::ptr::NonNull;

use block2::RcBlock;
use objc2_foundation::{
    NSDistributedNotificationCenter, NSNotification, NSOperationQueue, NSString,
};

use super::screen_lock_signal::{MACOS_SCREEN_LOCKED, deliver, from_macos_notification};

/// Starts the watcher; `locked` runs (on a background queue) each time the screen locks.
pub fn watch(locked: impl Fn() + Clone + Send + 'static) {
    let center = NSDistributedNotificationCenter::defaultCenter();
    let queue = NSOperationQueue::new();
    let name = NSString::from_str(MACOS_SCREEN_LOCKED);
    let block = RcBlock::new(move |notification: NonNull<NSNotification>| {
        // SAFETY: the center passes a valid notification that lives for the call.
        let name = unsafe { notification.as_ref() }.name().to_string();
        deliver(from_macos_notification(&name), &locked);
    });
    // SAFETY: `object` is None (any sender), so its type cannot be wrong; the block only holds
    // `locked`, which is Send, so it may run on the queue's threads.
    let observer = unsafe {
        center.addObserverForName_object_queue_usingBlock(Some(&name), None, Some(&queue), &block)
    };
    // The observer (and its queue) must live as long as the process: the watcher is never
    // stopped, like the Linux and Windows ones.
    std::mem::forget(observer);
    std::mem::forget(queue);
    tracing::debug!("watching for com.apple.screenIsLocked");
}
