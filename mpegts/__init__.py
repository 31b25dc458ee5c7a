"""MPEG transport stream core: packets, PSI sections, PES, clocks. Pure: bytes in, values out."""
