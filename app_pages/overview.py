"""The overview page (the code lives in components/overview.py)."""

from components.overview import render

render()
