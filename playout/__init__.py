"""playout package."""
