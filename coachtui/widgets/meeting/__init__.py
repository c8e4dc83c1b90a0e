"""Widgets of the meeting screen: timer, GROW panel, prompt pack panel, actions."""
