/* For tests/wine_console.rs: starts a program from a console, with no standard handles, as
 * Windows starts a GUI-subsystem program typed in cmd.exe without redirection. Wine instead hands
 * such a program its parent's console handles, so under Wine the program would print whether or
 * not it attached to the console; started through this launcher, it prints only if it does.
 *   wine wine-launch-without-stdio.exe C:\path\program.exe args...
 * Waits for the program and exits with its exit code. Built by scripts/wine-test.sh (mingw-w64). */
#include <windows.h>
#include <wchar.h>

int main(void)
{
    /* Everything after this launcher's own (quoted or bare) name is the command to run. */
    wchar_t *rest = GetCommandLineW();
    if (*rest == L'"') {
        rest = wcschr(rest + 1, L'"');
        rest = rest ? rest + 1 : rest;
    } else {
        while (*rest && *rest != L' ')
            rest++;
    }
    if (!rest)
        return 120;
    while (*rest == L' ')
        rest++;
    STARTUPINFOW startup = {.cb = sizeof startup, .dwFlags = STARTF_USESTDHANDLES};
    PROCESS_INFORMATION process;
    if (!CreateProcessW(NULL, rest, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &process))
        return 121;
    WaitForSingleObject(process.hProcess, INFINITE);
    DWORD code = 122;
    GetExitCodeProcess(process.hProcess, &code);
    return (int)code;
}
