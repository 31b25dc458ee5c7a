"""ETSI TR 101 290 measurements: priority 1 (decodability) and priority 2 (recommended checks)."""
