"""The indicator page (the code lives in components/indicator.py)."""

from components.indicator import render

render()
