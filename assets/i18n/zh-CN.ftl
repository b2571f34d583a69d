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
import-open = 打开图片
import-scan = 扫描屏幕
type-key = 输入密钥
import-coming = 从二维码图片添加将在后续版本提供。现在请输入二维码下方显示的密钥（通常在“无法扫描？”里）。

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
delete-body = { $label } 将从 OTP Desk 和钥匙串中删除。几秒钟内可以撤销。
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
# 错误
error-open = 无法打开您的账户。{ $detail }
error-keychain = 无法读取钥匙串。{ $detail }
error-save = 无法保存更改。{ $detail }
error-clipboard = 无法使用剪贴板，请手动复制验证码。{ $detail }
error-settings = 无法保存设置。{ $detail }
