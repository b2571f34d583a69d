# OTP Desk，简体中文。与 en-US.ftl 的条目一一对应。
app-title = OTP Desk
add-account = 添加账户
search-hint = 搜索 (Ctrl+F)
search-label = 搜索
settings = 设置
loading = 正在打开您的账户…
no-matches = 没有与“{ $query }”匹配的账户。

# 首次运行
empty-title = 还没有账户
empty-body = 添加您店铺和网站的两步验证账户，验证码会显示在这里，点击即可复制。
import-paste = 粘贴截图
import-open = 打开图片或备份
import-scan = 扫描屏幕
import-button = 导入
import-button-hint = 从二维码截图、图片文件、其他应用的备份或屏幕添加账户
type-key = 输入密钥

# 分组
section-pinned = 已置顶
section-other = 其他账户
section-count = { $count } 个账户

# 账户行
code-loading = 正在读取钥匙串…
code-missing = 钥匙串中缺少密钥
code-unavailable = 钥匙串不可用
hotp-hint = 请按“下一个验证码”
next-code = 下一个验证码
next-code-preview = 下一个 { $code }
seconds-left = { $seconds } 秒
row-menu = 更多
copy-code = 复制验证码
edit = 编辑…
pin = 置顶
unpin = 取消置顶
move-up = 上移
move-down = 下移
delete = 删除…

# 提示
copied = 已复制 — { $seconds } 秒后清除
copied-keep = 已复制
copied-next = 已复制下一个验证码（当前验证码 { $seconds } 秒后过期）
copy-missing = 钥匙串中缺少此账户的密钥，请重新添加该账户。
copy-not-ready = 仍在从钥匙串读取密钥，请稍后再试。
deleted = 已删除 { $label }
undo = 撤销
restored = 已恢复 { $label }
duplicate = { $label } 已在列表中。
dismiss = 关闭

# 添加对话框
add-from-qr = 二维码在屏幕上或文件里？直接导入：
add-or-type = 或输入“无法扫描？”下显示的密钥：
copy-key = 复制密钥
key-copied = 已复制密钥；剪贴板将在 { $seconds } 秒后清空。
key-copied-keep = 已复制密钥。
add-title = 添加账户
field-issuer = 服务
field-issuer-hint = 例如 亚马逊
field-name = 账户名
field-name-hint = 例如 店铺1
field-secret = 密钥
field-secret-hint = ABCD EFGH IJKL …
field-group = 分组
field-group-hint = 例如 亚马逊欧洲站（可选）
advanced = 高级
field-type = 类型
field-algorithm = 算法
field-digits = 位数
field-period = 周期（秒）
field-counter = 计数器
type-totp = 基于时间 (TOTP)
type-hotp = 基于计数器 (HOTP)
type-steam = Steam 令牌
add = 添加
cancel = 取消
save = 保存
close = 关闭
done = 完成
err-secret-empty = 密钥：请输入网站显示的密钥。
err-secret-char = 密钥：“{ $char }”不能出现在密钥中（密钥只包含字母 A–Z 和数字 2–7）。
err-secret-length = 密钥：{ $count } 个字符不能构成完整的密钥，可能多了或少了一个字符。
err-label-empty = 服务或账户名：请至少填写一项。
err-digits = 位数：请使用 6 到 10 之间的整数。
err-period = 周期：请使用不小于 1 的整数秒。
err-counter = 计数器：请使用不小于 0 的整数。
added-title = 账户已添加
added-body = 在网站上输入此验证码，以完成两步验证的开启。

# 编辑对话框
edit-title = 编辑账户
show-secret = 显示密钥
show-qr = 显示二维码
reveal-warning = 任何看到它的人都能生成您的验证码。请确认没有人在看您的屏幕。
reveal-confirm = 显示
secret-title = 密钥
qr-title = 用手机扫描
qr-body = 用身份验证器应用扫描此码，即可把 { $label } 转移到手机。
delete-title = 删除此账户？
delete-body = { $label } 将连同密钥移到回收站，保留 30 天。可以立即撤销，或稍后从回收站恢复。
delete-confirm = 删除

# 设置
language = 语言
language-system = 跟随系统
theme = 主题
theme-system = 跟随系统
theme-light = 浅色
theme-dark = 深色
clear-after = 清除剪贴板的时间
clear-never = 从不
clear-secs = { $seconds } 秒
always-on-top = 窗口保持在最前
close-to-tray = 关闭时最小化到托盘
close-to-tray-hint = 关闭窗口后 OTP Desk 仍在系统托盘中运行（桌面显示托盘时）。可从托盘菜单退出。
start-with-computer = 开机时启动
autostart-failed = 无法更改开机启动设置。{ $detail }
tray-show = 显示 OTP Desk
tray-hide = 隐藏 OTP Desk
tray-copy = 复制验证码
tray-quit = 退出
# 错误
error-open = 无法打开您的账户。{ $detail }
error-keychain = 无法读取钥匙串。{ $detail }
error-save = 无法保存更改。{ $detail }
error-clipboard = 无法使用剪贴板，请手动复制验证码。{ $detail }
error-settings = 无法保存设置。{ $detail }

# App lock
lock = 锁定
lock-hint = 锁定窗口（Ctrl+L）
locked-title = OTP Desk 已锁定
unlock = 解锁
password = 密码
continue = 继续
password-prompt-title = 请输入密码以继续
password-wrong = 密码错误。
password-wait = 错误次数过多 — 请在 { $seconds } 秒后重试
lock-needs-password = 请先在设置中设置密码，才能锁定窗口。
app-lock = 应用锁
lock-now = 立即锁定
remove-password = 移除密码
new-password = 新密码
repeat-password = 再次输入
set-password = 设置密码
password-set = 密码已设置；窗口闲置或按 Ctrl+L 时会锁定。
password-mismatch = 两次输入的密码不同，请重新输入。
password-too-short = 密码至少需要 { $count } 个字符。
password-failed = 无法设置密码。{ $detail }
idle-lock = 闲置多久后锁定
idle-mins = { $minutes } 分钟
idle-never = 从不

# Clock correction
clock-proposed-slow = 时间服务器显示本机时钟慢了 { $amount }。按此校正验证码吗？
clock-proposed-fast = 时间服务器显示本机时钟快了 { $amount }。按此校正验证码吗？
clock-correct = 校正验证码
clock-keep = 保持本机时钟
amount-secs = { $s } 秒
amount-mins = { $m } 分钟
amount-hours = { $h } 小时 { $m } 分钟
clock-fast = 本机时钟快了 { $seconds } 秒 — 验证码已校正。
clock-slow = 本机时钟慢了 { $seconds } 秒 — 验证码已校正。
clock-checked-mins = 时钟于 { $count } 分钟前校对
clock-checked-hours = 时钟于 { $count } 小时前校对
clock-sync = 校正时间
clock-sync-on = 每小时与时间服务器校对时钟
clock-servers = 服务器
apply = 应用

# Copy log
copy-log = 复制记录
copy-log-on = 记录复制了哪个账户的验证码
copy-log-view = 查看
copy-log-title = 已复制的验证码
copy-log-empty = 还没有复制记录（或记录已关闭）。

# Recovery
read-only = 无法读取账户文件，OTP Desk 处于只读状态。{ $detail }
read-only-refused = 恢复账户文件之前，OTP Desk 为只读。
restore-backup = 恢复最近的备份
backup-restored = 已恢复最近的备份；损坏的文件保留在旁边。
backup-restore-failed = 无法恢复备份。{ $detail }
orphans-found = 在钥匙串中发现 { $count } 个账户不在列表中：{ $names }
recover-accounts = 恢复 { $count } 个账户
recovered = 已恢复 { $count } 个账户

# One window
instance-shown = OTP Desk 已经打开；已将其窗口切换到前台。
instance-no-answer = OTP Desk 已在另一个窗口中打开，但它没有响应；请切换到该窗口，或关闭它后重试。

# 导入面板
import-title = 导入账户
import-paste-button = 粘贴（Ctrl+V）
import-stop = 停止
import-open-files = 打开文件…
import-scan-button = 扫描屏幕
import-drop-inline = 也可以把截图或其他验证器应用的备份文件拖到窗口上。
import-drop-hint = 松开即可导入
import-dialog-title = 选择截图或备份文件
import-decoding = 正在识别…
import-empty-hint = 截取二维码（Win+Shift+S、PrtScn 或 Cmd+Shift+4），然后粘贴到这里。
import-password-prompt = { $name } 是加密的 { $format } 备份。请输入密码：
import-password-label = 密码
import-password-wrong = 密码错误，请重试。
import-unlock = 解锁
import-skip = 跳过
import-nothing-found = 在{ $name }中没有找到二维码。请把截图裁得更靠近二维码，或改为输入二维码下方显示的密钥。
import-type-key = 输入密钥
import-duplicate = 已添加
import-part-missing = Google 身份验证器导出：已扫描第 { $parts } 部分，共 { $size } 部分——请扫描其余部分。
import-not-otp-hidden = 一段不是验证码的文字（未显示：其中可能含有密钥）。
import-not-otp = 不是验证码二维码：{ $text }
import-problems = 无法使用：
import-confirm = 添加 { $count } 个账户
import-cancel = 取消
import-added = 已添加 { $count } 个账户。{ $duplicates ->
    [0] {""}
   *[other] { $duplicates } 个已存在。
}{ $failed ->
    [0] {""}
   *[other] { $failed } 个无法添加。
}
import-origin-clipboard = 粘贴的图片
import-origin-screen = 屏幕
import-clipboard-empty = 剪贴板中没有图片。请截取二维码（Win+Shift+S、PrtScn 或 Cmd+Shift+4），然后粘贴到这里。
import-clipboard-failed = 无法读取剪贴板：{ $detail }
import-image-too-large = { $name } 太大，请裁剪到二维码附近。
import-image-damaged = { $name } 不是可读取的图片（已损坏或不完整），请重新保存或复制。
import-file-unreadable = 无法读取 { $name }：{ $detail }
import-file-damaged = 无法导入 { $name }：{ $detail }
import-file-unknown = { $name } 既不是图片，也不是 OTP Desk 认识的备份。
import-file-too-large = { $name } 太大，不可能是截图或验证器备份。
import-scan-refused = 不允许截取屏幕（{ $detail }）。请在系统设置中允许，或截图后粘贴。
import-scan-unavailable = 此处无法截取屏幕（{ $detail }）。请截图后粘贴。
import-scan-failed = 截取屏幕失败：{ $detail }
import-internal = 读取时出错了。请换一张截图再试。
export-open = 备份 / 导出…
export-open-short = 备份…
export-title = 备份或迁移您的账户
export-format-aegis-encrypted = 加密备份
export-format-aegis = Aegis 保险库（未加密）
export-format-otpauth = otpauth:// 链接列表
export-format-migration-qr = 迁移到手机
export-encrypted-body = 受密码保护的文件（Aegis 保险库，Android 上的 Aegis 和 OTP Desk 都能打开）。请妥善保管密码：忘记后无法找回。
export-password = 备份密码
export-repeat = 再次输入密码
export-strength-short = 太短：至少使用 8 个字符。
export-strength-weak = 较弱：请加长，或混合字母、数字和符号。
export-strength-fair = 一般：再多几个字符会更强。
export-strength-strong = 强。
export-encrypted-save = 保存加密备份…
export-working = 正在写入备份…
export-plain = 不加密导出…
export-plain-warning = 此文件将以明文保存所有密钥。任何读到它的人都能生成您的验证码。请勿放在共享文件夹中，用完后请删除。
export-plain-confirm = 我已了解，保存…
export-back = 返回
export-password-short = 密码至少需要 { $count } 个字符。
export-password-mismatch = 两次输入的密码不一致。
export-save-title = 将导出保存为
export-secret-unavailable = 无法从钥匙串读取 { $label } 的密钥，因此未导出任何内容。请解锁钥匙串后重试。
export-nothing = 没有可导出的账户。
export-written = 已将 { $count } 个账户保存到 { $path }。
export-failed = 无法写入导出文件：{ $detail }
export-phone-body = 显示 Google 身份验证器导出二维码；用 Google 身份验证器或其他手机应用扫描。
export-phone = 显示手机扫描用的二维码…
export-phone-title = 用手机扫描
export-phone-warning = 这些二维码包含所有密钥。请仅在无人、无摄像头能看到屏幕时显示。
export-phone-confirm = 显示二维码
export-phone-scan = 在 Google 身份验证器中：转移账户，选择导入账户，然后逐个扫描二维码。
export-phone-part = 第 { $part } / { $total } 个
export-phone-previous = 上一个
export-phone-next = 下一个
export-phone-skipped = { $count } 个账户无法通过此方式迁移（Steam，或位数、周期不常见）；请手动迁移：
backup = 备份
backup-reminder = 您最近没有备份账户。如果这台电脑丢失，账户也会随之丢失。
backup-reminder-now = 立即备份…
backup-reminder-later = 以后再说
backup-reminder-setting = 提醒我备份

## 团队模式：每人一个 PIN、共享、回收站、审计日志
who-is-working = 现在是谁在使用？
role-admin = 管理员
role-member = 成员
desk-pin = PIN
repeat-pin = 再次输入 PIN
new-pin = 新 PIN
someone-else = 换一个人
pin-checking = 正在核对 PIN…
switch-person = 切换人员
member-refused = 只有管理员可以这样做；请联系本机的管理员。
member-nothing-shared = 还没有与您共享的账户。请管理员共享您负责的店铺。
team-desk = 团队模式
desk-intro = 为这台电脑上的每个人设置自己的 PIN。管理员可查看和管理所有账户；成员只能看到与其共享的账户，且只能看验证码。
desk-on-hint = 团队模式已开启：每人用自己的 PIN 解锁，密钥为其加密保存。
desk-set-up = 设置人员…
desk-started = 团队模式已开启。请添加在这里工作的人员。
people-open = 人员…
people-title = 本机的人员
add-person = 添加人员
add-first-admin = 第一个人是管理员
person-name = 姓名
person-name-missing = 请填写姓名。
pin-too-short = PIN 至少需要 { $count } 个字符。
add-member = 添加成员
add-admin = 添加管理员
start-desk = 开启团队模式
remove-person = 移除
reset-pin = 新 PIN…
person-added = 已添加 { $name }。
pin-reset-done = { $name } 已设置新 PIN。
reenrol-recommended = { $name } 曾是管理员，可以看到所有密钥。建议重新绑定（在各网站换新密钥）：
sharing = 共享…
sharing-title = 共享：{ $label }
share-until = 截止
share-until-hint = 18:00、8h（留空：直到手动停止）
share = 共享
shared = 已共享
shared-until = 共享至 { $time }
stop-sharing = 停止
sees-everything = 管理员：可看到所有账户
trash-open = 回收站…
trash-title = 回收站
trash-hint = 删除的账户连同密钥在这里保留 { $days } 天，之后永久删除。
trash-empty = 回收站是空的。
restore = 恢复
delete-for-good = 永久删除
log-open = 日志…
log-title = 审计日志
log-intact = 共 { $count } 条记录；记录链完整。
log-broken = 日志被改动过：{ $reason }
log-person = 人员
log-account = 账户
log-all-actions = 全部操作
log-export = 导出 CSV…
log-exported = 日志已保存到 { $path }
log-action = 操作
rename-person = 改名…
new-name = 新姓名
