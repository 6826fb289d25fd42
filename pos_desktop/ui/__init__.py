"""PySide6 widgets. They call services; never SQL or HTTP directly."""
