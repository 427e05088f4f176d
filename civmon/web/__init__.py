"""The web: public site, analysts' workbench and JSON API (FastAPI). Import `create_app` from civmon.web.app."""
