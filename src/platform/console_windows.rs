//! Windows: gives the command line a console to print in. `otp-desk.exe` is a GUI-subsystem
//! program (`windows_subsystem = "windows"` in main.rs), so a double-click or the Start-menu
//! shortcut opens the window without a black console beside it; the price is that Windows
//! attaches no console to it, so `otp-desk list` typed in cmd.exe or PowerShell would print
//! nothing. Started with arguments, it attaches to the console of the program that started it
//! (`AttachConsole(ATTACH_PARENT_PROCESS)`). Standard handles that are already usable (pipes and
//! files: `otp-desk list > accounts.txt`, scripts, the tests) are kept as they are. Must not
//! depend on the window, the CLI or the vault.
//!
//! cmd.exe does not wait for a GUI-subsystem program, so its prompt comes back before the
//! output; `start /wait otp-desk ...` waits, and so does a script that reads the output.
#![allow(unsafe_code)]

use windows_sys::Win32::Foundation::{
    ERROR_ACCESS_DENIED, GENERIC_READ, GENERIC_WRITE, GetLastError, HANDLE, INVALID_HANDLE_VALUE,
};
use windows_sys::Win32::Storage::FileSystem::{
    CreateFileW, FILE_SHARE_READ, FILE_SHARE_WRITE, FILE_TYPE_UNKNOWN, GetFileType, OPEN_EXISTING,
};
use windows_sys::Win32::System::Console::{
    ATTACH_PARENT_PROCESS, AttachConsole, GetStdHandle, STD_ERROR_HANDLE, STD_HANDLE,
    STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, SetStdHandle,
};

/// Called first thing in `main`. Without arguments (the window) it does nothing, so the window
/// never holds on to a console; with any (a subcommand, `--help`, `--version`) it attaches to
/// the parent's console for the standard handles that are not redirected. Started from
/// Explorer there is no parent console and nothing changes: output goes nowhere, as before.
pub fn attach_for_command_line() {
    if std::env::args_os().len() <= 1 {
        return;
    }
    let standard = [STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, STD_ERROR_HANDLE];
    let given = standard.map(usable_handle);
    if given.iter().all(Option::is_some) {
        return;
    }
    // SAFETY: takes a plain process id (the parent's, by its special value) and no pointers;
    // GetLastError only reads this thread's last error.
    let attached = unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS) != 0 || GetLastError() == ERROR_ACCESS_DENIED
    };
    // ERROR_ACCESS_DENIED means a console is attached already; its empty handles can still be
    // filled in.
    if !attached {
        return;
    }
    for (id, kept) in standard.into_iter().zip(given) {
        // Whether AttachConsole replaced a redirected handle or left an empty one empty
        // differs between Windows versions (and Wine): redirections are put back, gaps filled.
        let handle = match kept {
            Some(handle) => handle,
            None if usable_handle(id).is_some() => continue,
            None => match open_console(id) {
                Some(handle) => handle,
                None => continue,
            },
        };
        // SAFETY: `handle` is an open handle this process owns (a redirection it was given,
        // or a console device it just opened and never closes); no pointer is passed.
        unsafe { SetStdHandle(id, handle) };
    }
}

/// The standard handle `id`, if it refers to something (a GUI program may be given a null
/// handle, or one that named a console it is not attached to).
fn usable_handle(id: STD_HANDLE) -> Option<HANDLE> {
    // SAFETY: reads this process's handle table; no pointers.
    let handle = unsafe { GetStdHandle(id) };
    if handle.is_null() || handle == INVALID_HANDLE_VALUE {
        return None;
    }
    // SAFETY: GetFileType only queries the handle; an invalid one returns FILE_TYPE_UNKNOWN.
    (unsafe { GetFileType(handle) } != FILE_TYPE_UNKNOWN).then_some(handle)
}

/// The attached console's input or screen buffer, opened by its device name.
fn open_console(id: STD_HANDLE) -> Option<HANDLE> {
    let device = if id == STD_INPUT_HANDLE {
        "CONIN$"
    } else {
        "CONOUT$"
    };
    let name: Vec<u16> = device.encode_utf16().chain([0]).collect();
    // SAFETY: `name` is a NUL-terminated UTF-16 string that outlives the call; no security
    // attributes or template handle are passed (both null, as the API allows).
    let handle = unsafe {
        CreateFileW(
            name.as_ptr(),
            GENERIC_READ | GENERIC_WRITE,
            FILE_SHARE_READ | FILE_SHARE_WRITE,
            std::ptr::null(),
            OPEN_EXISTING,
            0,
            std::ptr::null_mut(),
        )
    };
    (handle != INVALID_HANDLE_VALUE).then_some(handle)
}
