"""Dialogs opened from pages: forms for one record."""
