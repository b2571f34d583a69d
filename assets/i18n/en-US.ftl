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
import-open = Open an image
import-scan = Scan the screen
type-key = Type a key
import-coming = Adding from a QR image comes in a later version. For now, type the key shown under the QR code (often behind “Can't scan it?”).

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
delete-body = { $label } will be removed from OTP Desk and from the keychain. You can undo this for a few seconds.
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

# Errors (one sentence and what to do; the detail follows)
error-open = Could not open your accounts. { $detail }
error-keychain = Could not read the keychain. { $detail }
error-save = Could not save the change. { $detail }
error-clipboard = Could not use the clipboard; copy the code by hand. { $detail }
error-settings = Could not save the settings. { $detail }
