"""receiver_tools package."""
