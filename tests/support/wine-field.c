/* For tests/wine_quick_pick.rs: a Windows program with one text field that has the focus, as a
 * sign-in page in a browser would. Every 100 ms it writes the field's text to the file named by
 * its first argument (through a temporary file and MoveFileEx, so a reader never sees half a
 * text), and the file's name plus ".enter" when Enter is pressed in the field; it empties the
 * field when the file's name plus ".clear" appears (and deletes that file).
 *   wine wine-field.exe C:\path\field.txt "Window title"
 * Built by scripts/wine-test.sh (mingw-w64). */
#include <windows.h>
#include <wchar.h>

static HWND field;
static WNDPROC field_proc;
static wchar_t out[MAX_PATH], out_tmp[MAX_PATH + 8], out_enter[MAX_PATH + 8],
    out_clear[MAX_PATH + 8];

static void write_text(const wchar_t *path, const wchar_t *final)
{
    char utf8[512];
    wchar_t text[256];
    GetWindowTextW(field, text, 256);
    int n = WideCharToMultiByte(CP_UTF8, 0, text, -1, utf8, sizeof utf8, NULL, NULL);
    HANDLE file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (file == INVALID_HANDLE_VALUE)
        return;
    DWORD written;
    WriteFile(file, utf8, n > 0 ? (DWORD)(n - 1) : 0, &written, NULL);
    CloseHandle(file);
    if (final)
        MoveFileExW(path, final, MOVEFILE_REPLACE_EXISTING);
}

static LRESULT CALLBACK on_field(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == WM_CHAR && wp == L'\r') {
        write_text(out_enter, NULL);
        return 0;
    }
    return CallWindowProcW(field_proc, hwnd, msg, wp, lp);
}

static LRESULT CALLBACK on_window(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    switch (msg) {
    case WM_TIMER:
        if (GetFileAttributesW(out_clear) != INVALID_FILE_ATTRIBUTES) {
            SetWindowTextW(field, L"");
            DeleteFileW(out_clear);
        }
        write_text(out_tmp, out);
        return 0;
    case WM_SETFOCUS:
        SetFocus(field);
        return 0;
    case WM_DESTROY:
        PostQuitMessage(0);
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

int WINAPI wWinMain(HINSTANCE instance, HINSTANCE prev, PWSTR cmd, int show)
{
    (void)prev;
    (void)cmd;
    int argc;
    wchar_t **argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    if (!argv || argc < 3)
        return 2;
    wcsncpy(out, argv[1], MAX_PATH - 1);
    swprintf(out_tmp, MAX_PATH + 8, L"%ls.tmp", out);
    swprintf(out_enter, MAX_PATH + 8, L"%ls.enter", out);
    swprintf(out_clear, MAX_PATH + 8, L"%ls.clear", out);
    WNDCLASSW cls = {.lpfnWndProc = on_window, .hInstance = instance, .lpszClassName = L"Field",
                     .hbrBackground = (HBRUSH)(COLOR_WINDOW + 1)};
    RegisterClassW(&cls);
    HWND window = CreateWindowW(L"Field", argv[2], WS_OVERLAPPEDWINDOW, 700, 80, 520, 140, NULL,
                                NULL, instance, NULL);
    field = CreateWindowW(L"EDIT", L"", WS_CHILD | WS_VISIBLE | WS_BORDER | ES_AUTOHSCROLL, 20,
                          30, 460, 28, window, NULL, instance, NULL);
    field_proc = (WNDPROC)SetWindowLongPtrW(field, GWLP_WNDPROC, (LONG_PTR)on_field);
    ShowWindow(window, show);
    SetForegroundWindow(window);
    SetFocus(field);
    SetTimer(window, 1, 100, NULL);
    MSG msg;
    while (GetMessageW(&msg, NULL, 0, 0) > 0) {
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
    }
    return 0;
}
