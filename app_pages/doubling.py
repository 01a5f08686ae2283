"""The doubling page (the code lives in components/doubling_page.py)."""

from components.doubling_page import render

render()
