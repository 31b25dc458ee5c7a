"""DVB Service Information on top of mpegts: tables, descriptors, text, the SI carousel, exports.

Pure: no I/O, no wall clock.
"""
