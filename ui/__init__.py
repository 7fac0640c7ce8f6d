"""PySide6 widgets: main window, pages, table models, dialogs. Calls app/ services only."""
