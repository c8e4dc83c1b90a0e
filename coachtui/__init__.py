"""coachtui: run live teacher coaching meetings from the terminal."""

__version__ = "0.1.0"
