#!/bin/sh
# A stand-in C compiler for type-checking the macOS target on Linux: the C sources of -sys
# crates (SQLite for rusqlite) need Apple's SDK, which is not here. Checking never links, so an
# empty object at the output argument is enough. Never used for a build that runs.
out=""
for arg in "$@"; do
    case "$arg" in
        "-?") exit 1 ;; # cc-rs asks this to spot MSVC's cl.exe: say no, so it passes `-o`
    esac
done
while [ $# -gt 0 ]; do
    case "$1" in
        -o) out="$2"; shift ;;
        -o*) out="${1#-o}" ;;
        -Fo*) out="${1#-Fo}" ;;
    esac
    shift
done
[ -n "$out" ] && : >"$out"
exit 0
