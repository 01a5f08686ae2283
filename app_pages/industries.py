"""The industries page (the code lives in components/industries.py)."""

from components.industries import render

render()
