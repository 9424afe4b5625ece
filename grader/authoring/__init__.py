"""Authoring: regenerate notebooks/ from solutions/ (release), check the conventions (check),
notebooks as percent text (text), the student bundle (bundle) and the course web site (site)."""
