"""The history page (the code lives in components/history_page.py)."""

from components.history_page import render

render()
