"""Shortcuts: the "Zoom about this" message shortcut and the global one."""
