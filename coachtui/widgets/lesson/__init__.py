"""Widgets of the lesson evidence screen."""
