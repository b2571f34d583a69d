/* bcryptprimitives.dll for Wine 8, which lacks it; used only by scripts/wine-test.sh, never
 * shipped. Rust's standard library (1.78 and later) takes its random bytes from ProcessPrng in
 * this DLL, which every Windows 10/11 has; without it a Rust program does not start under
 * Wine 8 (status c0000135). Here ProcessPrng fills the buffer from RtlGenRandom
 * (advapi32!SystemFunction036), Wine's own system random source, in pieces a ULONG can count.
 *   x86_64-w64-mingw32-gcc -shared -O2 -o bcryptprimitives.dll wine-bcryptprimitives.c -ladvapi32
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG piece = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, piece))
            return FALSE;
        data += piece;
        length -= piece;
    }
    return TRUE;
}
