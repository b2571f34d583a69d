# Prints the AT-SPI tree of every application on the session's accessibility bus, one node
# a line: "<depth spaces><role name>|<accessible name>|<states>". Used by tests/atspi_window.rs,
# run with Debian's /usr/bin/python3 (package python3-pyatspi). Exits 0 even when the tree is
# still empty: the test polls it.
import sys
import pyatspi

MAX_NODES = 3000
STATES = ((pyatspi.STATE_FOCUSABLE, "focusable"), (pyatspi.STATE_FOCUSED, "focused"),
          (pyatspi.STATE_SELECTED, "selected"))


def walk(node, depth, out):
    if node is None or len(out) >= MAX_NODES:
        return
    try:
        role = node.getRoleName()
        name = (node.name or "").replace("\n", " ")
        states = node.getState()
        flags = [label for state, label in STATES if states.contains(state)]
        out.append("%s%s|%s|%s" % (" " * depth, role, name, ",".join(flags)))
        for i in range(node.childCount):
            walk(node.getChildAtIndex(i), depth + 1, out)
    except Exception as e:  # a node that went away while walking
        out.append("%s!error|%s|" % (" " * depth, type(e).__name__))


lines = []
desktop = pyatspi.Registry.getDesktop(0)
for i in range(desktop.childCount):
    walk(desktop.getChildAtIndex(i), 0, lines)
sys.stdout.write("\n".join(lines) + "\n")
