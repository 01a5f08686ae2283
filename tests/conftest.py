"""Shared fixtures: a fresh database per test, the shipped plan, and AppTest with clean caches."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def db_url(tmp_path, monkeypatch) -> str:
    """A fresh SQLite database for this test, named in TRACKER_DATABASE_URL (seeded from data/ on first use)."""
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    monkeypatch.setenv("TRACKER_DATABASE_URL", url)
    return url


@pytest.fixture
def fresh_store(db_url):
    from tracker.store import Store

    store = Store(db_url)
    yield store
    store.close()


@pytest.fixture
def app(db_url):
    """A factory of AppTest runs of dashboard.py against the fresh database, caches cleared."""
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    st.cache_resource.clear()

    def make(page: str | None = None, lang: str | None = None, **params: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        if lang:
            at.query_params["lang"] = lang
        for key, value in params.items():
            at.query_params[key] = value
        if page:
            at.switch_page(f"app_pages/{page}.py")
        return at

    yield make
    st.cache_data.clear()
    st.cache_resource.clear()
