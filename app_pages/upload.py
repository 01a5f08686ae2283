"""The upload page (the code lives in components/upload_page.py)."""

from components.upload_page import render

render()
