"""Shared test helpers: mixins that generate the repetitive tests of every endpoint."""
