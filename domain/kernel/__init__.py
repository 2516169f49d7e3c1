"""The aggregate kernel: what every context builds on (lifecycle, change recorder, event catalogue)."""
