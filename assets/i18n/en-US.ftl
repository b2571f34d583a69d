# OTP Desk, English. Every user-visible string of the window lives here and in zh-CN.ftl.
app-title = OTP Desk
add-account = Add account
search-hint = Search (Ctrl+F)
search-label = Search
settings = Settings
loading = Opening your accounts…
no-matches = No account matches “{ $query }”.

# First run
empty-title = No accounts yet
empty-body = Add the two-factor accounts of your stores and sites; their codes appear here, ready to copy.
import-paste = Paste a screenshot
import-open = Open images or backups
import-scan = Scan the screen
import-button = Import
import-button-hint = Add accounts from a QR screenshot, image files, other apps' backups or the screen
type-key = Type a key

# Sections
section-pinned = Pinned
section-other = Other accounts
section-count = { $count ->
    [one] 1 account
   *[other] { $count } accounts
}

# Rows
code-loading = Reading the keychain…
code-missing = Key missing from the keychain
code-unavailable = Keychain unavailable
hotp-hint = Press “Next code”
next-code = Next code
next-code-preview = next { $code }
seconds-left = { $seconds } s
row-menu = More
copy-code = Copy code
edit = Edit…
pin = Pin to top
unpin = Unpin
move-up = Move up
move-down = Move down
delete = Delete…

# Toasts
copied = Copied — clears in { $seconds } s
copied-keep = Copied
copied-next = Copied the next code (the current one expires in { $seconds } s)
copy-missing = This account's key is missing from the keychain; add the account again.
copy-not-ready = The key is still being read from the keychain; try again in a moment.
deleted = Deleted { $label }
undo = Undo
restored = Restored { $label }
duplicate = { $label } is already in the list.
dismiss = Dismiss

# Add dialog
add-from-qr = Is the QR code on screen or in a file? Import it:
add-or-type = Or type the key shown under “Can't scan?”:
copy-key = Copy key
key-copied = Key copied; the clipboard clears in { $seconds } s.
key-copied-keep = Key copied.
add-title = Add an account
field-issuer = Service
field-issuer-hint = e.g. Amazon
field-name = Account name
field-name-hint = e.g. shop1@example.com
field-secret = Secret key
field-secret-hint = ABCD EFGH IJKL …
field-group = Group
field-group-hint = e.g. Amazon EU (optional)
advanced = Advanced
field-type = Type
field-algorithm = Algorithm
field-digits = Digits
field-period = Period (seconds)
field-counter = Counter
type-totp = Time-based (TOTP)
type-hotp = Counter-based (HOTP)
type-steam = Steam Guard
add = Add
cancel = Cancel
save = Save
close = Close
close-dialog = Close dialog
done = Done
err-secret-empty = Secret key: enter the key shown by the website.
err-secret-char = Secret key: “{ $char }” cannot be in a key (keys use only the letters A–Z and the digits 2–7).
err-secret-length = Secret key: { $count } characters cannot be a whole key; a character is missing or extra.
err-label-empty = Service or account name: enter at least one of them.
err-digits = Digits: use a whole number from 6 to 10.
err-period = Period: use a whole number of seconds of at least 1.
err-counter = Counter: use a whole number from 0 upwards.
added-title = Account added
added-body = Type this code on the website to finish turning on two-step verification.

# Edit dialog
edit-title = Edit account
show-secret = Show secret key
show-qr = Show QR code
reveal-warning = Anyone who sees this can make your codes. Make sure nobody is looking at your screen.
reveal-confirm = Show it
secret-title = Secret key
qr-title = Scan with your phone
qr-body = Scan this with an authenticator app to move { $label } to your phone.
delete-title = Delete this account?
delete-body = { $label } moves to the trash, with its key, for 30 days. You can undo this right away, or restore it from the trash.
delete-confirm = Delete

# Settings
language = Language
language-system = Follow the system
theme = Theme
theme-system = Follow the system
theme-light = Light
theme-dark = Dark
clear-after = Clear the clipboard after
clear-never = Never
clear-secs = { $seconds } seconds
always-on-top = Keep the window on top
close-to-tray = Close to tray
close-to-tray-hint = Closing the window keeps OTP Desk running in the system tray, when the desktop shows one. Quit from the tray menu.
start-with-computer = Start with the computer
autostart-failed = Starting with the computer could not be changed. { $detail }
tray-show = Show OTP Desk
tray-hide = Hide OTP Desk
tray-copy = Copy code
tray-quit = Quit

# Errors (one sentence and what to do; the detail follows)
error-open = Could not open your accounts. { $detail }
error-keychain = Could not read the keychain. { $detail }
error-save = Could not save the change. { $detail }
error-clipboard = Could not use the clipboard; copy the code by hand. { $detail }
error-settings = Could not save the settings. { $detail }

# App lock
lock = Lock
lock-hint = Lock the window (Ctrl+L)
locked-title = OTP Desk is locked
unlock = Unlock
password = Password
continue = Continue
password-prompt-title = Enter your password to continue
password-wrong = Wrong password.
password-wait = Too many wrong attempts — try again in { $seconds } s
lock-needs-password = Set a password in Settings to lock the window.
app-lock = App lock
lock-now = Lock now
remove-password = Remove password
new-password = New password
repeat-password = Repeat it
set-password = Set password
password-set = Password set; the window now locks when idle and on Ctrl+L.
password-mismatch = The two passwords differ; type them again.
password-too-short = Use at least { $count } characters.
password-failed = Could not set the password. { $detail }
idle-lock = Lock when idle for
idle-mins = { $minutes } min
idle-never = Never

# Clock correction
clock-proposed-slow = Time servers say this computer's clock is { $amount } slow. Correct the codes by that much?
clock-proposed-fast = Time servers say this computer's clock is { $amount } fast. Correct the codes by that much?
clock-correct = Correct the codes
clock-keep = Keep this clock
amount-secs = { $s } s
amount-mins = { $m } min
amount-hours = { $h } h { $m } min
clock-fast = This computer's clock is { $seconds } s fast — codes are corrected.
clock-slow = This computer's clock is { $seconds } s slow — codes are corrected.
clock-checked-mins = Clock last checked { $count } min ago
clock-checked-hours = Clock last checked { $count } h ago
clock-sync = Correct time
clock-sync-on = Check the clock against time servers every hour
clock-servers = Servers
apply = Apply

# Copy log
copy-log = Copy log
copy-log-on = Record which account's code was copied
copy-log-view = View
copy-log-title = Copied codes
copy-log-empty = Nothing copied yet (or the log is off).

# Recovery
read-only = Your accounts file cannot be read, so OTP Desk is read-only. { $detail }
read-only-refused = OTP Desk is read-only until the accounts file is restored.
restore-backup = Restore the last backup
backup-restored = The last backup was restored; the damaged file was kept beside it.
backup-restore-failed = Could not restore the backup. { $detail }
orphans-found = { $count ->
    [one] One account was found in the keychain without its entry in the list: { $names }
   *[other] { $count } accounts were found in the keychain without their entries in the list: { $names }
}
recover-accounts = { $count ->
    [one] Recover 1 account
   *[other] Recover { $count } accounts
}
recovered = { $count ->
    [one] Recovered 1 account
   *[other] Recovered { $count } accounts
}

# One window
instance-shown = OTP Desk is already open; its window was brought to the front.
instance-no-answer = OTP Desk is already open in another window that does not answer; switch to it, or close it and try again.

# Import panel
import-title = Import accounts
import-paste-button = Paste (Ctrl+V)
import-stop = Stop
import-open-files = Open files…
import-scan-button = Scan the screen
import-drop-inline = Or drop screenshots and backup files of other authenticator apps onto the window.
import-drop-hint = Drop to import
import-dialog-title = Choose screenshots or backup files
import-decoding = Decoding…
import-empty-hint = Take a screenshot of the QR code (Win+Shift+S, PrtScn or Cmd+Shift+4), then paste it here.
import-password-prompt = { $name } is an encrypted { $format } backup. Enter its password:
import-password-label = Password
import-password-wrong = Wrong password — try again.
import-unlock = Unlock
import-skip = Skip
import-nothing-found = No QR code found in { $name }. Crop closer around the code, or type the key shown under the code instead.
import-type-key = Type the key
import-duplicate = already added
import-part-missing = Google Authenticator export: part { $parts } of { $size } — scan the other parts.
import-not-otp-hidden = A text that is not an authenticator code (not shown: it may hold a key).
import-not-otp = Not an authenticator code: { $text }
import-problems = Could not use:
import-confirm = { $count ->
    [one] Add 1 account
   *[other] Add { $count } accounts
}
import-cancel = Cancel
import-added = { $count ->
    [one] Added 1 account.
   *[other] Added { $count } accounts.
}{ $duplicates ->
    [0] {""}
   *[other] {" "}{ $duplicates } already there.
}{ $failed ->
    [0] {""}
   *[other] {" "}{ $failed } could not be added.
}
import-origin-clipboard = the pasted image
import-origin-screen = the screen
import-clipboard-empty = The clipboard holds no image. Take a screenshot (Win+Shift+S, PrtScn or Cmd+Shift+4), then paste it here.
import-clipboard-failed = Could not read the clipboard. Try again, or save the screenshot as a file and open it.
import-image-too-large = { $name } is too large; crop it around the QR code.
import-image-damaged = { $name } is not a readable image (damaged or cut off); save or copy it again.
import-file-unreadable = Could not read { $name }: { $detail }
import-file-damaged = { $name } could not be imported: { $detail }
import-file-unknown = { $name } is neither an image nor a backup OTP Desk knows.
import-file-too-large = { $name } is too large to be a screenshot or an authenticator backup.
import-scan-refused = Screen capture was not permitted. Allow it in the system settings, or take a screenshot and paste it.
import-scan-unavailable = The screen cannot be captured here. Take a screenshot and paste it instead.
import-scan-failed = Screen capture failed. Take a screenshot and paste it instead.
import-internal = Something went wrong while reading this. Try another screenshot.
export-open = Back up / export…
export-open-short = Back up…
export-title = Back up or move your accounts
export-format-aegis-encrypted = Encrypted backup (Aegis can open it)
export-format-aegis = Backup without a password (Aegis can open it)
export-format-otpauth = Text file of links (for other authenticator apps)
export-format-migration-qr = To a phone
export-encrypted-body = A file protected by a password, which OTP Desk and the Aegis app on Android can open. Keep the password safe: it cannot be recovered.
export-password = Backup password
export-repeat = Repeat the password
export-strength-short = Too short: use at least 8 characters.
export-strength-weak = Weak: longer, or mix letters, digits and symbols.
export-strength-fair = Fair: a few more characters make it strong.
export-strength-strong = Strong.
export-encrypted-save = Save encrypted backup…
export-working = Writing the backup…
export-plain = Export without encryption…
export-plain-warning = This file will hold every secret key in clear text. Anyone who reads it can make your codes. Keep it off shared folders and delete it when done.
export-plain-confirm = I understand, save it…
export-back = Back
export-password-short = The password needs at least { $count } characters.
export-password-mismatch = The two passwords differ.
export-save-title = Save the export as
export-secret-unavailable = The secret key of { $label } cannot be read from the keychain, so nothing was exported. Unlock the keychain and try again.
export-nothing = There are no accounts to export.
export-written = { $count ->
    [one] Saved 1 account to { $path }.
   *[other] Saved { $count } accounts to { $path }.
}
export-failed = The export could not be written: { $detail }
export-phone-body = Show Google Authenticator export codes; scan them with Google Authenticator or another phone app.
export-phone = Show codes for a phone…
export-phone-title = Scan with your phone
export-phone-warning = These codes hold every secret key. Show them only where no one else and no camera can see the screen.
export-phone-confirm = Show the codes
export-phone-scan = In Google Authenticator: open Transfer accounts, choose Import accounts, then scan each code.
export-phone-part = Code { $part } / { $total }
export-phone-previous = Previous
export-phone-next = Next
export-phone-skipped = { $count ->
    [one] 1 account cannot be moved this way (Steam, or unusual digits or period); move it by hand:
   *[other] { $count } accounts cannot be moved this way (Steam, or unusual digits or period); move them by hand:
}
backup = Backup
backup-reminder = You have no recent backup of your accounts. If this computer is lost, so are they.
backup-reminder-now = Back up now…
backup-reminder-later = Not now
backup-reminder-setting = Remind me to back up

## Desk mode: people with their own PIN, sharing, trash, audit log
who-is-working = Who is working?
role-admin = admin
role-member = member
desk-pin = PIN
repeat-pin = Repeat the PIN
new-pin = New PIN
someone-else = Someone else
pin-checking = Checking the PIN…
switch-person = Switch person
member-refused = Only an admin can do this; ask one of the desk's admins.
member-nothing-shared = Nothing is shared with you yet. Ask an admin to share the stores you work on.
team-desk = Team desk
team-folder-at = Shared with other computers through { $path }
team-this-computer = this computer
team-revoked = revoked
team-left-out = This computer was revoked on another computer of the team: the team's changes no longer reach it, and nothing changed here goes to the team. The codes it has keep working until the accounts are re-enrolled.
team-left-out-banner = This computer was revoked from the team: it no longer syncs with it (see Settings).
team-newer = A newer OTP Desk wrote to the team folder (format { $format }): this computer only reads it until its OTP Desk is updated.
team-silent = not heard from for { $days } days
team-clock-off = clock off by { $secs } s
team-heard-mins = last record { $count } min ago
team-heard-hours = last record { $count } h ago
team-heard-days = last record { $count } days ago
team-no-record = no record yet
team-needs-look = { $conflicts } changes made on two computers while apart, { $problems } files or records that need a look: run { $command }.
team-share = Share with other computers…
team-share-title = Share with other computers
team-share-hint = The team's accounts, people and shares go into a folder that your sync app (Syncthing, OneDrive, a NAS) keeps in step between computers. Everything in it is encrypted: the folder alone shows nothing. A computer joins only with a one-time code from a joined desk.
team-folder = Team folder
team-choose-folder = Choose…
team-computer-name = This computer's name
team-share-go = Share
team-created = The team vault is in { $path }: { $accounts } accounts and { $people } people. Invite the other computers from Settings.
team-skipped = { $count } accounts stay on this computer only (their keys are not sealed for the team):
team-invite = Invite a computer…
team-invite-title = Invite a computer
team-invite-hint = On the new computer, open OTP Desk, then Settings and "Join a team…", choose the team folder as it syncs there and type this code. It works once.
team-code-left = Valid for { $time } more
team-waiting = Waiting for the new computer… Keep this page open.
team-joined = "{ $name }" joined the team. People sign in there with their own PIN once an admin has brought the accounts over.
team-join = Join a team…
team-join-intro = This computer has no accounts yet: it can join a team whose folder syncs here.
team-join-title = Join a team
team-join-hint = An admin shows a one-time code on a computer of the team (Settings, "Invite a computer…"). Choose the team folder as it syncs here, name this computer and type the code.
team-join-code = Join code
team-join-go = Join
team-join-waiting = Waiting for the team's computer to confirm… Keep this page open.
team-join-admitted = This computer is in the team. One of the team's admins brings the accounts and people here with their PIN.
team-join-admin = Which admin sets this computer up?
team-join-pin = Their PIN
team-join-bring = Bring the accounts here
team-joined-here = This computer joined the team: { $accounts } accounts and { $people } people are here now.
team-revoke = Revoke…
team-revoke-title = Revoke a computer
team-revoke-ask = Revoke "{ $name }"? It will not be able to read anything the team writes from now on. Do this when a computer is lost, sold or leaves with someone.
team-revoke-go = Revoke
team-revoked-done = "{ $name }" is revoked. Re-enrol recommended for the { $count } accounts it could show with a PIN typed there:
team-stopped = Stopped.
team-choices = Pick between values…
team-choices-title = Pick between values
team-choices-hint = Two computers changed these while apart; both values are kept until an admin picks one. The one you click is kept on every computer.
team-choices-none = Nothing waits for a pick.
team-choice-person = Person { $name }
team-field-place = Place in the list
team-field-pinned = Pinned
team-field-trashed = In the trash
team-field-person-name = Name
team-value-empty = (empty)
team-value-place = Place { $place }
team-value-pinned = Pinned to the top
team-value-unpinned = Not pinned
team-value-trashed = In the trash
team-value-kept = Not in the trash
err-team-already = This computer is already in a team.
err-team-none = This computer is in no team.
err-team-name = Give this computer a name of 1 to 60 characters.
err-team-no-folder-given = Choose the team folder first.
err-team-folder-taken = { $path } already holds a team vault: join it with a code from a computer of the team instead.
err-team-no-folder = { $path } cannot be opened: check the path and that the folder has synced to this computer.
err-team-folder = The team folder or this computer's team keys could not be read or written. Nothing was changed; check that the folder is reachable and try again.
err-team-code-form = A join code is 10 letters and digits, like ABCDE-FGHJK.
err-team-code-expired = The join code has expired or was used already: make a new one on a computer of the team.
err-team-code-wrong = The join code did not match: make a new one on a computer of the team and type it again.
err-team-no-invite = No invite arrived in the folder within 10 minutes: check that the folder syncs, and make a new code.
err-team-not-confirmed = The team's computer did not confirm in time: make a new code and try again.
err-team-no-keys = The team's keys did not arrive: check that the folder syncs, and make a new code.
err-team-has-people = This computer has people of its own: a team's new computer starts empty.
err-team-old-slots = { $names }: the PIN was set by an older OTP Desk. Each signs in once on this computer, then share again.
err-team-has-accounts = This computer has { $count } accounts of its own: a team's new computer starts empty. Export them, remove them, and import them on a computer of the team.
err-team-no-desk = No computer of the team is called "{ $name }".
err-team-revoke-self = This computer cannot revoke itself: revoke it from another computer of the team.
err-team-already-revoked = "{ $name }" is already revoked.
err-team-vault = The vault could not be opened. Nothing was changed.
desk-intro = Give each person at this computer their own PIN. Admins see and manage every account; members see only the accounts shared with them, and only their codes.
desk-on-hint = Desk mode is on: each person unlocks with their own PIN, and the keys are sealed for them.
desk-set-up = Set up people…
desk-started = Desk mode is on. Add the people who work here.
people-open = People…
people-title = People at this desk
add-person = Add a person
add-first-admin = The first person is an admin
person-name = Name
person-name-missing = Give the person a name.
pin-too-short = The PIN must have at least { $count } characters.
add-member = Add member
add-admin = Add admin
start-desk = Start desk mode
remove-person = Remove
reset-pin = New PIN…
person-added = Added { $name }.
pin-reset-done = { $name } has a new PIN.
pin-not-on-team-yet = The new PIN works on this computer. The team folder cannot be reached now, so the team's other computers still take the old PIN until it can: the new one goes to them then.
sharing = Sharing…
sharing-title = Sharing: { $label }
share-until = Until
share-gives-codes = Members get this account's codes for the time shared (a week at a time, renewed when an admin unlocks), never its key.
share-gives-key = This account counts codes (HOTP): members get its key, and should re-enrol it when they leave.
codes-run-out = No codes left: ask an admin to unlock OTP Desk once to renew them.
code-run-out = No codes left: an admin must unlock once
err-same-key = The new key of { $label } is the key it already has: scan the new QR code the website shows after you start again.
share-until-hint = Or type a time: 18:00, or 2026-12-24 18:00. No end: until you stop it.
share = Share
shared = shared
shared-until = shared until { $time }
stop-sharing = Stop sharing…
sees-everything = admin: sees every account
trash-open = Trash…
trash-title = Trash
trash-hint = Deleted accounts stay here { $days } days with their keys, then go for good.
trash-empty = The trash is empty.
restore = Restore
delete-for-good = Delete for good
log-open = Log…
log-title = Audit log
log-intact = { $count } records; the chain is intact.
log-from-others = { $count ->
    [0] No records from the team's other computers yet.
   *[other] { $count } more from the team's other computers (each signed by its computer).
}
log-others-unread = The team folder cannot be reached now, so the other computers' records are not shown; these are this computer's.
log-at-desk = on { $name }
log-desk = Computer
log-person = Person
log-account = Account
log-all-actions = every action
log-export = Export CSV…
log-exported = Saved the log to { $path }
log-action = Action
rename-person = Rename…
new-name = New name

## Errors from the core, each in its own words (src/gui/support/errors*.rs)
io-not-found = the file or folder is not there
io-denied = permission was refused
io-full = the disk is full
io-exists = a file of that name is already there
io-damaged = its contents are damaged
io-other = the system reported an error
err-unknown-account = That account is no longer there; it may have been deleted elsewhere.
err-no-data-dir = OTP Desk found no folder for its data. Set OTP_DESK_DATA_DIR to one.
err-create-dir = Could not create the folder { $path }: { $reason }.
err-keychain-unavailable = No keychain is reachable. Sign in to the desktop session, or start the keyring, and try again.
err-keychain-locked = The keychain is locked. Unlock it (it usually asks for your login password) and try again.
err-keychain-failed = The keychain refused the request. Try again; if it keeps failing, restart the computer.
err-file-read = Could not read { $path }: { $reason }.
err-file-write = Could not save { $path }: { $reason }. Nothing was changed.
err-accounts-damaged = { $path } is damaged; OTP Desk left it untouched.
err-accounts-newer = { $path } was written by a newer OTP Desk (format { $version }). Update OTP Desk; the file was left untouched.
err-desk-unknown-person = { $name } no longer works at this desk.
err-desk-wrong-pin = Wrong PIN for { $name }.
err-desk-left-team = { $name } was removed from the team on another computer; their PIN no longer works here.
err-desk-reset-elsewhere = { $name }'s PIN was reset on another computer; an admin must sign in here once before it works here.
err-desk-wait = Too many wrong PINs for { $name }. Wait { $seconds } s and try again.
err-desk-damaged = The team file { $path } is damaged; OTP Desk left it untouched.
err-desk-keys-changed = The PIN is wrong, or the team's key data was changed.
err-desk-keys-damaged = The team's stored key data is damaged.
err-desk-keys-failed = The team's keys could not be used. Try again.
err-desk-tampered = The team's data was changed outside OTP Desk; nothing of the change was used. Ask an admin.
err-desk-rolled-back = The team file is an older copy (state { $found }; this desk last wrote state { $expected }); OTP Desk does not use it. Put the newest copy back, or ask an admin.
err-no-random = The system gave no random numbers. Try again.
err-desk-name-taken = { $name } already works at this desk; choose another name.
err-desk-name-length = Give a name of 1 to 60 characters.
err-desk-has-people = This desk already has people; ask an admin to add you.
err-desk-last-admin = The desk needs at least one admin; make someone else an admin first.
err-desk-remove-self = You cannot remove yourself; ask another admin.
err-desk-refused = The desk does not allow this change.
err-until-passed = { $text } has already passed.
err-until-unreadable = “{ $text }” is not a time. Choose one of the buttons, or type 18:00 or 2026-12-24 18:00.
err-password-hash = The password could not be protected. Try again.
err-export-password-empty = Choose a password; it cannot be recovered, so pick one you remember.
err-export-image = The QR code could not be drawn.
err-export-nothing-fits = None of the accounts fits Google Authenticator (30-second codes or counter codes, 6 or 8 digits).
err-no-backup = There is no backup { $path } to restore.
err-restore-copy = Copying the backup into place failed: { $reason }.
err-audit-file = Could not use the audit log { $path }: { $reason }.
err-audit-too-long = The record is too long; shorten the name.
err-audit-full = The audit log is full; move its files aside.
err-autostart-no-home = No home folder is known, so starting with the computer cannot be set up.
err-autostart-registry = Windows refused the change.
err-internal = Something went wrong inside OTP Desk. Try again.
err-clipboard-busy = another program is holding the clipboard.
import-err-password-needed = This { $format } backup is encrypted: enter its password.
import-err-wrong-password = Wrong password for this { $format } backup (or the file is damaged).
import-err-unrecognised = OTP Desk does not know this kind of file.
import-err-damaged = The { $format } file is damaged or not as expected.
import-err-unsupported = The { $format } file uses a kind OTP Desk cannot read yet.
import-err-image = No QR code could be read from the image.
import-err-too-costly = The file asks for too much work to open; it was not opened.
import-err-cancelled = The import was cancelled.
import-err-zip = A ZIP archive: unpack it and import the export file inside.
import-err-locked-zip = An Authenticator Plus backup: unpack it with your backup password and import the Accounts file inside.
import-problem = { $source }: { $reason }
import-problem-entry = { $source }: one account in it could not be read.
link-err-scheme = This is not an authenticator link.
link-err-no-secret = The link has no key.
link-err-algorithm = The algorithm { $value } is not supported (use SHA1, SHA256 or SHA512).
link-err-digits = { $value } digits are not supported (use 6 to 10).
link-err-period = The period { $value } is not a number of seconds.
link-err-counter = The counter { $value } is not a whole number from 0 upwards.
link-err-type = The kind { $value } is not supported.
link-err-migration-damaged = The Google Authenticator export is damaged; scan it again.
link-err-migration-empty = The Google Authenticator export holds no accounts.

## The audit log's actions, places and notes (src/gui/support/audit_words.rs)
log-action-copy = Copied a code
log-action-reveal = Showed a key
log-action-export = Exported
log-action-add = Added
log-action-edit = Edited
log-action-delete = Deleted
log-action-restore = Restored
log-action-purge = Deleted for good
log-action-share = Shared
log-action-unshare = Stopped sharing
log-action-unlock = Started work
log-action-failed-unlock = Wrong PIN
log-action-lock = Locked
log-action-person-added = Person added
log-action-person-removed = Person removed
log-action-person-renamed = Person renamed
log-action-rekey = new key (re-enrolled)
log-action-pin-changed = PIN changed
log-action-pin-reset = New PIN set
log-action-desk-started = Team mode started
log-action-team = Team folder
log-action-typed = Code typed by the quick pick
log-via-window = window
log-via-tray = tray
log-via-cli = command line
log-detail-with-until = with { $name } until { $time }
log-detail-with = with { $name }
log-detail-person-role = { $name } ({ $role })
log-detail-imported = { $count } accounts imported
log-detail-accounts = { $count } accounts
log-detail-csv = the audit log as a spreadsheet
log-detail-refused-waiting = refused while waiting (no PIN was checked)
log-detail-trash-expired = 30 days in the trash
log-detail-team-made = the team vault was made
log-detail-team-joined-here = this computer joined the team
log-detail-team-joined-as = this computer joined the team as "{ $name }"
log-detail-team-joined = the computer "{ $name }" joined the team
log-detail-team-revoked = the computer "{ $name }" was revoked (key epoch { $epoch })
log-detail-team-picked = a value was picked between two computers
log-times = × { $count }
log-broken-at = The log was changed after record { $seq }; records after it cannot be trusted.
log-broken-start = The log was changed from its first record; its records cannot be trusted.
log-incomplete = Records are missing from the log (cut off, deleted or rewritten); it is not complete.
plain = { $text }
accounts-section = Accounts: backup and trash
next-code-copies = next code · click copies
share-ending = Your use of { $accounts } ends at { $time }. Ask an admin if you need it longer.
row-shared = Shared: { $list }
share-item-until = { $name } (until { $time })
row-member-until = until { $time }
until-end-of-day = End of today (18:00)
until-8-hours = 8 hours
until-tomorrow = This time tomorrow
until-no-end = No end
stop-sharing-ask = Stop sharing with { $name }? Their list loses this account at once.
stop-sharing-confirm = Stop sharing
same-key = This key is already in your list as { $label }. Add it again only if it is a second account.
same-key-open = Show that account
import-source-entry = { $file }, entry { $n } { $label }

## When someone leaves: exposure, leaving lists, re-enrolling, my PIN
own-pin-open = My PIN…
own-pin-hint = Your own menu: change your PIN.
own-pin-title = Change my PIN
current-pin = Current PIN
pins-differ = The two new PINs differ.
own-pin-changed = Your PIN is changed; the old one no longer opens anything.
exposure-open = Exposure
exposure-hint = What this person could use and did use: the accounts to re-enrol when they leave.
exposure-title = What { $name } could use
exposure-none = No account.
exposure-key = could read the key
exposure-codes = codes only (a share)
exposure-unused = never used
exposure-used = used { $count } times, last { $time }
leaving-title = { $name } left: re-enrol these accounts (a new key on each website), most exposed first
leaving-admin-pins = An admin could open everyone's keys: give each person who stays a new PIN (People… › New PIN…).
leaving-done = re-enrolled
leaving-dismiss = Not needed
leaving-dismiss-hint = Take this account off the list without re-enrolling it.
rekey-open = Re-enrol…
rekey-open-hint = The website gave this account a new key: give it here, and the account keeps its group, shares and history.
rekey-title = Re-enrol an account
rekey-steps = On the website, open the two-step verification settings, remove this authenticator (or choose "change" or "add a new app") and start again: it shows a new QR code. Read it here; then enter the new code there.
rekey-steps-amazon = On Amazon Seller Central: Settings > Login Settings > Advanced Security Settings > Two-Step Verification > Edit, then "Add new app" (or remove the old one). Amazon shows a new QR code: read it here, then enter the new code on Amazon's page.
rekey-read-qr = Paste, open or scan the new QR code…
rekey-read-qr-hint = Re-enrolling: read the account's NEW QR code (one code).
rekey-typed = Or type the new key (the website's "can't scan?" text)
rekey-unreadable = This is neither a key nor an otpauth link.
rekey-new-code = The new code — enter it on the website:
rekey-confirm-hint = Only once the website accepted this code is the old key replaced; it then waits in the trash for 30 days.
rekey-confirm = The website accepted it: replace the key
rekey-use-this = Use this new key
rekey-done = { $label } has its new key; the old one is in the trash.
rekey-reshared = Its { $count } shares now carry the new codes.
## The quick pick (Ctrl+Alt+O) and typing into other programs
quick-pick-seconds = { $seconds } s
quick-pick-title = OTP Desk quick pick
quick-pick-search = Find
quick-pick-hint = Issuer, name, group or pinyin
quick-pick-into = Types into: { $title }
quick-pick-none = No account matches.
quick-pick-keys = Enter types the code · Shift+Enter types it and presses Enter · Ctrl+Enter copies · Esc closes
quick-pick-locked = Unlock to pick an account.
quick-pick-target-gone = The window you came from is gone, so nothing was typed. Press Esc, go to the sign-in page and press the shortcut again.
quick-pick-hotp = Generate this account's code in the window first (Next code).
row-spoken-who = { $issuer }, { $name }
row-spoken = { $who }, code { $code }, { $seconds ->
    [one] 1 second left
   *[other] { $seconds } seconds left
}
row-spoken-next = { $who }, next code { $code }, the current one ends in { $seconds ->
    [one] 1 second
   *[other] { $seconds } seconds
}
row-spoken-counter = { $who }, code { $code }
row-spoken-no-counter = no code yet, press Next code
row-spoken-state = { $who }, { $state }
typed = Typed the code of { $account }.
typing-copied-instead = This system does not let OTP Desk type into other programs, so the code was copied instead.
typing-failed = Nothing was typed: { $detail }
typing-error-gone = the window you came from is gone.
typing-error-focus = the window you came from did not take the focus back.
typing-error-held = Ctrl, Alt or Shift was still held down. Let go of the keys and try again.
typing-error-wayland = typing into other programs is not available on Wayland.
typing-error-unsupported = typing into other programs is not available on this system.
typing-unavailable = The quick pick copies the code instead of typing it: { $detail }
typing-copied-accessibility = The code was copied instead of typed: macOS lets OTP Desk type into other programs only with the Accessibility permission. Turn on OTP Desk in System Settings → Privacy & Security → Accessibility, then press the shortcut again.
typing-error-accessibility = macOS has not given OTP Desk the Accessibility permission (System Settings → Privacy & Security → Accessibility).
typing-error-refused = the system refused the typed keys.
hotkey-section = Quick pick
hotkey-keys = Shortcut
hotkey-apply = Apply
hotkey-active = { $shortcut } opens the quick pick from any program.
hotkey-off = The quick pick's shortcut is off.
hotkey-active-desktop = { $shortcut } opens the quick pick: the desktop keeps this shortcut (Wayland) and may ask you to confirm it or choose other keys in its settings. Enter copies the code there, since Wayland does not let programs type into each other.
hotkey-error-wayland-typing = On Wayland a shortcut may not type into other programs; use the quick pick and paste the code.
hotkey-error-wayland = A shortcut for the whole desktop is not available on Wayland: open OTP Desk and copy codes from its window.
hotkey-error-display = No X11 display was found, so the quick pick's shortcut is not available.
hotkey-error-invalid = “{ $shortcut }” is not a shortcut: write it like Ctrl+Alt+O.
hotkey-error-modifier = A shortcut needs Ctrl, Alt or the logo key, so that it does not take away normal typing.
hotkey-error-taken = Another program already uses { $shortcut }: choose another shortcut in Settings.
hotkey-error-refused = The system refused the quick pick's shortcut: choose another one in Settings.

## Per-account shortcuts and the compact mode (issue 24)
account-hotkey-menu = Hotkey…
account-hotkey-title = Hotkey for { $account }
account-hotkey-hint = Press Record, then the keys (like Ctrl+Alt+1), or write them. From any program they type this account's code into the window you are in.
account-hotkey-record = Record
account-hotkey-recording = Press the keys…
account-hotkey-clear = Remove
account-hotkey-change = Change the hotkey of { $account }
account-hotkey-remove = Remove the hotkey of { $account }
account-hotkey-no-modifier = { $shortcut } has no Ctrl, Alt or logo key, so it would take away normal typing: add one.
account-hotkey-invalid = “{ $shortcut }” is not a shortcut: write it like Ctrl+Alt+1.
account-hotkey-quick-pick = { $shortcut } already opens the quick pick: choose other keys.
account-hotkey-duplicate = { $shortcut } already types the code of { $account }: choose other keys.
account-hotkey-taken = Another program already uses { $shortcut }, so it does not type this code: choose other keys.
account-hotkeys-section = Account hotkeys
compact-mode = Compact mode
compact-mode-hint = A narrow list of codes that stays on top of other windows
compact-mode-off = Back to the full window
account-hotkey-failed = The hotkey of { $account } does not work: { $detail }
busy = Working…
