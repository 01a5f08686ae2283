"""The method page (the code lives in components/method.py)."""

from components.method import render

render()
